import { kindName } from '../../plain-text';
import type { Severity } from '../../types';
import { hasOption, optionValue, parseArgs, shown } from '../cli-options';
import { type CommandRule, spanFromProgram } from '../rule';
import { withProd } from './helpers';

// ---------------------------------------------------------------------------------------------
// Hosted apps, sites and servers (PaaS and small-cloud CLIs)

export interface HostedOp {
  programs: readonly string[];
  /** The subcommand words, in order; each entry lists the spellings the tool accepts. */
  path: readonly (readonly string[])[];
  severity: Severity;
  /** What is deleted, given the target as written (or undefined when the line does not name it). */
  what: (target: string | undefined, c: ParsedCall) => string;
  /** Raises or lowers the severity from the options (`--all-collections`, a root path). */
  refine?: (target: string | undefined, c: ParsedCall) => Severity | undefined;
}

type ParsedCall = ReturnType<typeof parseArgs>;

const named = (kind: string, target: string | undefined, fallback: string): string => (target ? kindName(kind, shown(target, 60)) : fallback);

export const HOSTED_OPS: readonly HostedOp[] = [
  { programs: ['fly', 'flyctl'], path: [['apps', 'app'], ['destroy', 'delete']], severity: 'critical', what: (t) => `deletes the Fly.io ${named('app', t, 'app')} with its machines, volumes, IP addresses and secrets` },
  { programs: ['fly', 'flyctl'], path: [['volumes', 'volume', 'vol'], ['destroy', 'delete']], severity: 'high', what: (t) => `deletes the Fly.io ${named('volume', t, 'volume')} and the data on it` },
  { programs: ['vercel'], path: [['project', 'projects'], ['rm', 'remove']], severity: 'critical', what: (t) => `deletes the Vercel ${named('project', t, 'project')} with every deployment, domain and environment variable` },
  { programs: ['vercel'], path: [['rm', 'remove']], severity: 'high', what: (t) => `removes the Vercel ${named('deployment', t, 'deployments')}${t ? ' (every deployment, when it names a project)' : ''}` },
  { programs: ['netlify'], path: [['sites:delete']], severity: 'critical', what: (t) => `deletes the Netlify ${named('site', t, 'site')} with every deploy, form submission and environment variable` },
  { programs: ['doctl'], path: [['compute'], ['droplet'], ['delete', 'rm', 'd']], severity: 'high', what: (t) => `deletes the ${named('droplet', t, 'droplets')} and its disk` },
  { programs: ['doctl'], path: [['databases', 'database', 'db', 'd'], ['delete', 'rm', 'd']], severity: 'critical', what: (t) => `deletes the managed ${named('database cluster', t, 'database cluster')} with all its data and backups` },
  { programs: ['doctl'], path: [['kubernetes', 'k8s', 'k'], ['cluster', 'clusters', 'c'], ['delete', 'rm', 'd']], severity: 'critical', what: (t) => `deletes the ${named('Kubernetes cluster', t, 'Kubernetes cluster')} and every workload on it` },
  {
    programs: ['firebase'],
    path: [['firestore:delete']],
    severity: 'high',
    what: (t, c) => (hasOption(c, 'all-collections') ? 'deletes every collection and document in the Firestore database' : `deletes the Firestore documents at ${t ? shown(t, 60) : 'the given path'}${hasOption(c, 'r', 'recursive') ? ' and everything under them' : ''}`),
    refine: (_t, c) => (hasOption(c, 'all-collections') ? 'critical' : undefined),
  },
  {
    programs: ['firebase'],
    path: [['database:remove']],
    severity: 'high',
    what: (t) => `deletes the Realtime Database data at ${t ? shown(t, 60) : 'the given path'} and everything under it`,
    refine: (t) => (t === '/' ? 'critical' : undefined),
  },
];

const HOSTED_SPEC = {
  unknownLong: 'bool' as const,
  valued: new Set(['app', 'a', 'scope', 'token', 'context', 'access-token', 'output', 'format', 'project', 'config', 'region', 'team', 'site', 'account', 'instance', 'database', 'api-url', 'cwd', 'local-config', 'global-config']),
  shortValued: 'aAtPoSc',
};

export const hostedAppDelete: CommandRule = {
  id: 'CLD011',
  name: 'hosted-app-delete',
  category: 'cloud',
  severity: 'critical',
  triggers: [
    { programs: ['fly', 'flyctl'], subcommands: ['destroy', 'delete'] },
    { programs: ['vercel'], subcommands: ['rm', 'remove'] },
    { programs: ['netlify'], subcommands: ['sites:delete'] },
    { programs: ['doctl'], subcommands: ['delete', 'rm', 'd'] },
    { programs: ['firebase'], subcommands: ['firestore:delete', 'database:remove'] },
  ],
  summary: 'Deletes a hosted app, site, server or database on a platform CLI (fly apps destroy, vercel project rm, netlify sites:delete, doctl … delete, firebase firestore:delete / database:remove).',
  rationale: 'Platform CLIs delete an app together with its volumes, domains, secrets and deploy history, or a database with its data, in one call; the confirmation prompt is the only guard, and `--yes` or `-f` skips it.',
  alternative: 'Scale the app to zero or pause it (fly scale count 0, doctl compute droplet-action power-off), export the data first, and leave the final deletion to a human in the dashboard.',
  examples: {
    fire: [
      'fly apps destroy shop-prod --yes',
      'flyctl apps delete shop -y',
      'fly volumes destroy vol_123 -y',
      'vercel project rm shop',
      'vercel remove shop --yes',
      'netlify sites:delete 1234-abcd --force',
      'doctl compute droplet delete web-1 -f',
      'doctl databases delete 9cc10173 --force',
      'doctl kubernetes cluster delete prod-cluster',
      'firebase firestore:delete --all-collections --project shop',
      'firebase firestore:delete users -r',
      'firebase database:remove / --project shop',
    ],
    pass: ['fly apps list', 'fly deploy', 'fly scale count 0', 'vercel deploy --prod', 'vercel ls', 'netlify deploy --prod', 'doctl compute droplet list', 'firebase deploy', 'firebase firestore:indexes'],
  },
  check(cmd) {
    const c = parseArgs(cmd.args, HOSTED_SPEC);
    const words = c.positionals;
    for (const op of HOSTED_OPS) {
      if (!op.programs.includes(cmd.program) || words.length < op.path.length) continue;
      if (!op.path.every((alts, i) => alts.includes(words[i].value))) continue;
      const targetWord = words[op.path.length];
      const target = targetWord?.value ?? optionValue(c, 'app', 'a', 'site');
      const m = {
        severity: op.refine?.(target, c) ?? op.severity,
        message: `${cmd.program} ${op.path.map((_, i) => words[i].value).join(' ')} ${op.what(target, c)}.`,
        span: spanFromProgram(cmd, words.slice(0, op.path.length + 1)),
        context: { scope: ['remote' as const] },
      };
      return withProd(cmd, m, [target]);
    }
    return undefined;
  },
};
