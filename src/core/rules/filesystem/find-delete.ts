import { findNamePatterns, findRoots, findScope } from '../../shell/extract';
import type { Severity } from '../../types';
import { type CommandRule, spanFromProgram } from '../rule';
import { findWeight, RECURSIVE, SINGLE, targetsOf, worst } from './helpers';

export const findDelete: CommandRule = {
  id: 'FS003',
  name: 'find-delete',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['find'], subcommands: ['-delete'] }],
  summary: 'Deletes everything a find expression matches under a directory that is not regenerable, weighed by how far its tests narrow it.',
  rationale: 'find -delete removes every match at once, recursively; a loose pattern or a wrong root deletes source or system files.',
  alternative: 'Run the same find with -print first and read the list, narrow it with -name, or delete only build output.',
  examples: {
    fire: ['find . -type f -delete', 'find / -name "*.conf" -delete', 'find src -name "*.ts" -delete', 'sudo find ~ -delete'],
    pass: ['find . -name "*.pyc" -delete', 'find /tmp -mtime +7 -delete', 'find . -name "*.ts" -print', 'find node_modules -delete'],
  },
  check(cmd, { ctx }) {
    if (!cmd.args.some((a) => a.value === '-delete')) return undefined;
    const roots = findRoots(cmd.args);
    const names = findNamePatterns(cmd.args);
    const leaf = names.length === 1 ? names[0] : '*';
    const base = roots.length ? roots : [{ ...cmd.programWord, value: '.' }];
    const words = base.map((r) => ({ ...r, value: `${r.value.replace(/\/+$/, '') || '/'}/${leaf}`, glob: true }));
    const targets = targetsOf(cmd, words, ctx);
    const rootTargets = targetsOf(cmd, base, ctx);
    const rootHit = worst(rootTargets, RECURSIVE);
    // Even "just the logs" is system data when the search starts at a system or home root.
    const hit = worst(targets, RECURSIVE) ?? (rootHit && (rootHit.target.t.cls === 'system-root' || rootHit.target.t.cls === 'home') ? { target: rootHit.target, severity: 'high' as Severity } : undefined);
    if (!hit) return undefined;
    const scope = findScope(cmd.args);
    const severity = findWeight(names.length ? hit.severity : (rootHit?.severity ?? hit.severity), scope, { rootCls: rootHit?.target.t.cls, single: worst(targets, SINGLE)?.severity });
    if (!severity) return undefined;
    const filter = names.length ? ` matching ${names.join(' or ')}` : '';
    return {
      severity,
      span: spanFromProgram(cmd, cmd.args.filter((a) => a.value === '-delete')),
      message: `Deletes every file${filter} under ${rootHit?.target.t.what ?? base.map((b) => b.value).join(', ')}, with no undo.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};
