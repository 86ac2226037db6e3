import type { Severity } from '../../types';
import type { ResolvedTarget } from '../paths';
import { type CommandRule, spanFromProgram } from '../rule';
import { describeMany, findScopeOf, findWeight, MeasuredDeletion, pipedFindTargets, RECURSIVE, rmAsks, SINGLE, splitArgs, stdinFed, targetsOf, viaFind, worst } from './helpers';

/** A path whose last segment has a file extension and no glob. */
function looksLikeFile(t: ResolvedTarget): boolean {
  const last = (t.path ?? t.what).split('/').pop() ?? '';
  return !/[*?[]/.test(last) && /[^./]\.[A-Za-z0-9]{1,8}$/.test(last) && t.cls !== 'system-root' && t.cls !== 'home';
}

export const recursiveDelete: CommandRule = {
  id: 'FS001',
  name: 'recursive-delete',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['rm', 'rimraf', 'del-cli', 'srm', 'gio', 'trash-empty'] }],
  summary: 'Recursively deletes a directory that is not a regenerable build folder or temp directory.',
  rationale:
    'rm -r does not ask and does not use a trash: source, uncommitted work, data or a whole system disappear at once. Bare `rm -r` is as dangerous as `rm -rf`: -f only silences prompts an agent would answer anyway.',
  alternative: 'Delete only what can be regenerated (node_modules, dist, build), or move the folder aside first: `mv DIR DIR.bak`, or use `trash DIR` so it can be restored.',
  examples: {
    fire: ['rm -rf /', 'rm -rf ~', 'rm -r src', 'sudo rm -rf /var/lib/postgresql', 'rm -rf .git', "r''m -rf $HOME", '/bin/rm -Rf ./', 'cd / && rm -rf *', 'rm -rf ~/.ssh', 'npx rimraf src'],
    pass: ['rm -rf node_modules', 'rm -rf dist build .next', 'rm -rf /tmp/build-cache', 'echo "rm -rf /"', 'rm --help', 'rm -rf ~/.cache/pip', 'rm file.txt'],
  },
  check(cmd, { ctx }) {
    const { flags, operands } = splitArgs(cmd.args);
    if (flags.has('help') || flags.has('version')) return undefined;
    const recursive = cmd.program === 'rimraf' || cmd.program === 'del-cli' || flags.has('r') || flags.has('R') || flags.has('recursive') || viaFind(cmd);
    if (!recursive) return undefined;
    // The command asks before each deletion (rm -i, find -ok, xargs -p): at most a warning. Not
    // allow: an agent that types into the terminal can answer the prompt itself.
    const scope = findScopeOf(cmd);
    const asks = (cmd.program === 'rm' && rmAsks(cmd)) || cmd.via.some((v) => v.kind === 'stdin-args' && v.asks) || (scope?.asks === true && !cmd.argsFromStdin && !stdinFed(cmd));
    const words = cmd.argsFromStdin ? [...operands, ...pipedFindTargets(cmd)] : operands;
    const targets = targetsOf(cmd, words, ctx);
    // -r on a plain file deletes just that file: judge it as one.
    // What each target holds, counted by the adapter (not for find's matches nor piped lists, whose files are not the target's).
    const measured = scope || cmd.argsFromStdin || cmd.remote ? undefined : new MeasuredDeletion(ctx);
    const hit = worst(targets, RECURSIVE, (t) => {
      const base = looksLikeFile(t) ? (SINGLE[t.cls] ?? null) : RECURSIVE[t.cls];
      return base && measured ? measured.weigh(t, base) : base;
    });
    if (!hit) {
      if (cmd.argsFromStdin && targets.length === 0) {
        return { severity: 'medium', message: 'Recursively deletes whatever the previous command lists; the targets cannot be seen here.', context: { targetClass: 'dynamic' } };
      }
      return undefined;
    }
    const noPreserve = flags.has('no-preserve-root');
    // What find's tests narrow (find … -exec rm, find … | xargs rm) weighs as with find -delete.
    const found = scope ? findWeight(hit.severity, scope, { rootCls: hit.target.t.cls, single: SINGLE[hit.target.t.cls], recursiveAction: flags.has('r') || flags.has('R') || flags.has('recursive') }) : hit.severity;
    if (!found) return undefined;
    const severity: Severity = noPreserve ? 'critical' : asks && found !== 'low' ? 'medium' : found;
    const counted = measured?.words(hit.target.t, targets.length > 1 ? hit.target.t.what : undefined) ?? '';
    const list = cmd.argsFromStdin && hit.target.t.cls === 'dynamic' ? `whatever the previous command lists (${hit.target.word.raw})` : describeMany(targets);
    return {
      severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `Deletes ${list || hit.target.t.what} and everything under it, with no trash and no undo${asks ? ' (it asks before each one, which whoever types into the terminal can answer)' : ''}${cmd.elevated ? ' (as root)' : ''}${cmd.remote ? ' on a remote machine' : ''}${counted}.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};
