/**
 * ENV001: a change to production that no other rule has a word for. `terraform apply`,
 * `kubectl apply`, `helm upgrade`, a migration or a push that deploys are everyday work in
 * development and score nothing there; against production (by the kube context, the AWS
 * profile's account, the Terraform workspace or folder, the database host, the remote…) they are
 * worth a look before they run. Read-only commands, dry runs and plans stay quiet everywhere.
 */
import type { SimpleCommand } from '../../shell/model';
import type { CommandRule } from '../rule';
import { spanFromProgram } from '../rule';

/** Words after the program (flags and their values skipped roughly: a change verb is a plain word). */
function plainWords(cmd: SimpleCommand): string[] {
  const out: string[] = [];
  for (const a of cmd.args) {
    if (a.value === '--') break;
    if (!a.value.startsWith('-')) out.push(a.value);
  }
  return out;
}

const has = (cmd: SimpleCommand, ...flags: string[]): boolean => cmd.args.some((a) => flags.some((f) => a.value === f || a.value.startsWith(`${f}=`)));

const DRY_RUN = ['--dry-run', '--dryrun', '--plan', '--preview', '--diff'];

const KUBECTL_CHANGES = new Set(['apply', 'create', 'replace', 'patch', 'edit', 'set', 'scale', 'autoscale', 'label', 'annotate', 'taint', 'expose', 'run']);
const ROLLOUT_CHANGES = new Set(['restart', 'undo', 'pause', 'resume']);
const HELM_CHANGES = new Set(['install', 'upgrade', 'rollback']);
const TF_CHANGES = new Set(['apply', 'import', 'taint', 'untaint']);
/** `argocd app …` verbs that change what runs (delete cascades to the app's resources by default). */
const ARGOCD_APP_CHANGES = new Set(['sync', 'rollback', 'set', 'create', 'patch', 'actions', 'delete', 'terminate-op']);
/** velero's `<noun> <verb>` pairs that change the cluster or throw away backups (velero --help). */
const VELERO_CHANGES: Readonly<Record<string, ReadonlySet<string>>> = {
  restore: new Set(['create', 'delete']),
  backup: new Set(['delete']),
  schedule: new Set(['delete', 'pause']),
  'backup-location': new Set(['delete', 'set']),
  'snapshot-location': new Set(['delete', 'set']),
};
const TF_STATE_CHANGES = new Set(['mv', 'rm', 'push', 'replace-provider']);

/** AWS, gcloud and az operations that change running services (the deletions have rules of their own). */
const AWS_CHANGES = new Set([
  'deploy', 'create-stack', 'update-stack', 'execute-change-set', 'update-service', 'create-service', 'update-function-code', 'update-function-configuration',
  'publish-version', 'update-alias', 'create-deployment', 'run-instances', 'stop-instances', 'start-instances', 'reboot-instances', 'put-object', 'cp', 'mv',
  'update-environment', 'restore-db-instance-from-db-snapshot', 'reboot-db-instance', 'failover-db-cluster', 'update-cluster-config', 'update-nodegroup-config',
  'put-parameter', 'put-secret-value', 'update-secret', 'change-resource-record-sets', 'create-invalidation', 'update-distribution', 'put-rule', 'put-targets',
  'set-desired-capacity', 'update-auto-scaling-group', 'start-pipeline-execution', 'send-command', 'start-session',
]);
const GCLOUD_CHANGES = new Set(['deploy', 'create', 'update', 'resize', 'reset', 'stop', 'start', 'restart', 'restore', 'import', 'rollback', 'set-traffic', 'update-traffic', 'promote', 'failover', 'migrate']);
const AZ_CHANGES = new Set(['create', 'update', 'set', 'start', 'stop', 'restart', 'deploy', 'swap', 'scale', 'import', 'restore', 'up', 'upgrade', 'rollback', 'failover', 'config-zip']);
const GSUTIL_CHANGES = new Set(['cp', 'mv', 'setmeta']);

const MIGRATE_WORDS = /^(?:migrate|migrate:latest|migrate:up|migration:run|migration:up|db:migrate|db:push|db:rollback|upgrade|update|up|push|deploy|apply|up-to|redo|fix)$/;

/** SQL run through a client that changes data or schema (the destructive statements have rules of their own). */
const SQL_CHANGE = /\b(?:insert\s+into|update\s+\S+\s+set|alter\s+(?:table|index|type|sequence|database|schema|role|user)|create\s+(?:table|index|unique|schema|database|role|user|extension|view|materialized|function|trigger|type)|grant|revoke|copy\s+\S+\s+from|vacuum|reindex|cluster|refresh\s+materialized)\b/i;

/** What change this command makes, in words for the message, or undefined for anything else. */
export function changeOf(cmd: SimpleCommand): string | undefined {
  const p = cmd.program;
  const w = plainWords(cmd);
  const dry = has(cmd, ...DRY_RUN, '--server-dry-run') || cmd.args.some((a) => /^--dry-run(?:=(?:client|server|true))?$/.test(a.value));
  if (dry) return undefined;
  const say = (...words: string[]): string => `\`${[p, ...words].join(' ')}\``;
  switch (p) {
    case 'kubectl':
    case 'oc':
    case 'kubecolor': {
      // The verb is the first plain word that is not a flag's value; with -n/--context values in
      // front of it, find the first word that is a known verb.
      const verb = w.find((x) => KUBECTL_CHANGES.has(x) || x === 'rollout');
      if (!verb) return undefined;
      if (verb === 'rollout') {
        const sub = w[w.indexOf('rollout') + 1];
        return sub && ROLLOUT_CHANGES.has(sub) ? say('rollout', sub) : undefined;
      }
      if (verb === 'set' && w[w.indexOf('set') + 1] === undefined) return undefined;
      return say(verb);
    }
    case 'helm': {
      const verb = w.find((x) => HELM_CHANGES.has(x));
      return verb ? say(verb) : undefined;
    }
    case 'helmfile': {
      const verb = w.find((x) => x === 'apply' || x === 'sync' || x === 'deploy');
      return verb ? say(verb) : undefined;
    }
    case 'argocd':
      return w[0] === 'app' && ARGOCD_APP_CHANGES.has(w[1] ?? '') ? say('app', w[1]) : undefined;
    case 'flux':
      return ['reconcile', 'suspend', 'resume', 'create'].includes(w[0] ?? '') ? say(w[0]) : undefined;
    case 'velero': {
      // The noun is the first word velero knows as one (a flag's value such as --kubecontext's may come first).
      const at = w.findIndex((x) => x === 'uninstall' || Object.hasOwn(VELERO_CHANGES, x));
      if (at < 0) return undefined;
      if (w[at] === 'uninstall') return say('uninstall');
      return VELERO_CHANGES[w[at]].has(w[at + 1] ?? '') ? say(w[at], w[at + 1]) : undefined;
    }
    case 'skaffold':
      return w[0] === 'run' || w[0] === 'deploy' ? say(w[0]) : undefined;
    case 'terraform':
    case 'tofu':
    case 'tflocal':
    case 'terragrunt': {
      const verb = w.find((x) => TF_CHANGES.has(x) || x === 'state' || x === 'run-all' || x === 'apply-all');
      if (!verb) return undefined;
      if (verb === 'state') {
        const sub = w[w.indexOf('state') + 1];
        return sub && TF_STATE_CHANGES.has(sub) ? say('state', sub) : undefined;
      }
      if (verb === 'run-all') return w.includes('apply') ? say('run-all', 'apply') : undefined;
      return say(verb);
    }
    case 'atmos':
      return (w[0] === 'terraform' && ['apply', 'deploy', 'import'].includes(w[1] ?? '')) || (w[0] === 'helmfile' && ['apply', 'sync'].includes(w[1] ?? '')) ? say(w[0], w[1]) : undefined;
    case 'pulumi':
      return ['up', 'update', 'import'].includes(w[0] ?? '') ? say(w[0]) : undefined;
    case 'cdk':
    case 'sam':
    case 'serverless':
    case 'sls':
      return w[0] === 'deploy' ? say('deploy') : undefined;
    case 'eb':
      return ['deploy', 'setenv', 'scale', 'swap', 'restore'].includes(w[0] ?? '') ? say(w[0]) : undefined;
    case 'aws': {
      const op = w[1];
      if (!op || !AWS_CHANGES.has(op)) return undefined;
      if ((op === 'cp' || op === 'mv') && !cmd.args.some((a, i) => i > 2 && a.value.startsWith('s3://') && i === cmd.args.length - 1)) return undefined;
      return say(w[0], op);
    }
    case 'gcloud': {
      if (w[0] === 'config' || w[0] === 'auth' || w[0] === 'components') return undefined;
      const verb = w.find((x) => GCLOUD_CHANGES.has(x));
      return verb ? say(...w.slice(0, w.indexOf(verb) + 1).slice(-3)) : undefined;
    }
    case 'gsutil': {
      const verb = w[0];
      if (!verb || !GSUTIL_CHANGES.has(verb)) return undefined;
      return w[w.length - 1]?.startsWith('gs://') ? say(verb) : undefined;
    }
    case 'az': {
      if (w[0] === 'account' || w[0] === 'login' || w[0] === 'config' || w[0] === 'extension') return undefined;
      const verb = w.find((x) => AZ_CHANGES.has(x));
      return verb ? say(...w.slice(0, w.indexOf(verb) + 1).slice(-3)) : undefined;
    }
    case 'git': {
      const at = w.indexOf('push');
      return at !== -1 && w.slice(0, at).every((x) => x === 'git') ? say('push') : undefined;
    }
    case 'psql':
    case 'mysql':
    case 'mariadb': {
      const sqlOpts = cmd.args.filter((_a, i) => i > 0 && /^(?:-c|--command|-e|--execute)$/.test(cmd.args[i - 1].value)).map((a) => a.value);
      const inline = cmd.args.map((a) => /^--(?:command|execute)=(.*)$/s.exec(a.value)?.[1]).filter((x): x is string => x !== undefined);
      const sql = [...sqlOpts, ...inline, cmd.stdinText ?? ''].join('\n');
      if (SQL_CHANGE.test(sql)) return `\`${p}\` running a statement that changes data or schema`;
      const file = has(cmd, '-f', '--file') || cmd.redirects.some((r) => r.op === '<' && r.target);
      return file ? `\`${p}\` running a SQL file` : undefined;
    }
    default:
      if (['prisma', 'rails', 'rake', 'knex', 'sequelize', 'sequelize-cli', 'typeorm', 'drizzle-kit', 'diesel', 'sqlx', 'dbmate', 'goose', 'migrate', 'alembic', 'atlas', 'flyway', 'liquibase', 'mikro-orm', 'supabase'].includes(p)) {
        const verb = w.find((x) => MIGRATE_WORDS.test(x));
        return verb ? say(...w.slice(0, w.indexOf(verb) + 1).slice(-2)) : undefined;
      }
      return undefined;
  }
}

export const actsOnProduction: CommandRule = {
  id: 'ENV001',
  name: 'acts-on-production',
  category: 'environment',
  severity: 'medium',
  triggers: [
    { programs: ['kubectl', 'oc', 'kubecolor'], subcommands: [...KUBECTL_CHANGES, 'rollout'] },
    { programs: ['helm'], subcommands: [...HELM_CHANGES] },
    { programs: ['helmfile'], subcommands: ['apply', 'sync', 'deploy'] },
    { programs: ['argocd'], subcommands: [...ARGOCD_APP_CHANGES] },
    { programs: ['flux'], subcommands: ['reconcile', 'suspend', 'resume', 'create'] },
    { programs: ['velero'], subcommands: [...Object.keys(VELERO_CHANGES), 'uninstall'] },
    { programs: ['skaffold'], subcommands: ['run', 'deploy'] },
    { programs: ['terraform', 'tofu', 'tflocal', 'terragrunt'], subcommands: [...TF_CHANGES, 'state', 'run-all', 'apply-all'] },
    { programs: ['atmos'], subcommands: ['apply', 'deploy', 'import', 'sync'] },
    { programs: ['pulumi'], subcommands: ['up', 'update', 'import'] },
    { programs: ['cdk', 'sam', 'serverless', 'sls'], subcommands: ['deploy'] },
    { programs: ['eb'], subcommands: ['deploy', 'setenv', 'scale', 'swap', 'restore'] },
    { programs: ['aws'], subcommands: [...AWS_CHANGES] },
    { programs: ['gcloud'], subcommands: [...GCLOUD_CHANGES] },
    { programs: ['gsutil'], subcommands: [...GSUTIL_CHANGES] },
    { programs: ['az'], subcommands: [...AZ_CHANGES] },
    { programs: ['git'], subcommands: ['push'] },
    { programs: ['psql', 'mysql', 'mariadb'] },
    {
      programs: ['prisma', 'rails', 'rake', 'knex', 'sequelize', 'sequelize-cli', 'typeorm', 'drizzle-kit', 'diesel', 'sqlx', 'dbmate', 'goose', 'migrate', 'alembic', 'atlas', 'flyway', 'liquibase', 'mikro-orm', 'supabase'],
      subcommands: ['migrate', 'migrate:latest', 'migrate:up', 'migration:run', 'migration:up', 'db:migrate', 'db:push', 'db:rollback', 'upgrade', 'update', 'up', 'push', 'deploy', 'apply', 'up-to', 'redo', 'fix'],
    },
  ],
  summary: 'Catches a change to production that no other rule flags: `terraform apply`, `kubectl apply`, `helm upgrade`, a migration or a deploying push, when the kube context, cloud account, workspace, folder, database host or remote is production.',
  rationale:
    'The same command is routine against a laptop cluster and an outage against production; what decides is where it lands, which is often not written on the line at all but in the kubeconfig, the AWS profile or the selected Terraform workspace.',
  alternative: 'Check where it lands first (`kubectl config current-context`, `aws sts get-caller-identity`, `terraform workspace show`), look at the change (`terraform plan`, `kubectl diff`, `helm diff`), and let production changes go through the reviewed pipeline.',
  examples: {
    fire: [
      'kubectl --context prod-eu-1 apply -f deploy.yaml',
      'helm upgrade api ./chart --kube-context gke_acme_prod-eu',
      'terraform -chdir=envs/prod apply',
      'export AWS_PROFILE=prod && cdk deploy ApiStack',
      'git push production main',
      'velero --kubecontext prod-eu-1 schedule pause nightly',
      'DATABASE_URL=postgres://app@db.prod.acme.internal/app npx prisma migrate deploy',
    ],
    pass: [
      'kubectl --context prod-eu-1 get pods',
      'kubectl --context staging apply -f deploy.yaml',
      'kubectl --context prod-eu-1 apply --dry-run=server -f deploy.yaml',
      'terraform -chdir=envs/prod plan',
      'terraform -chdir=envs/dev apply',
      'git push origin feature/login',
      'velero --kubecontext prod-eu-1 backup get',
      'DATABASE_URL=postgres://app@localhost/app npx prisma migrate deploy',
    ],
  },
  check(cmd, env) {
    const change = changeOf(cmd);
    if (!change) return undefined;
    const v = env.environment?.();
    if (!v?.production) return undefined;
    return {
      message: `${change} changes production: ${v.label}.`,
      span: spanFromProgram(cmd, cmd.args.slice(0, Math.min(cmd.args.length, 3))),
      context: { scope: ['production'] },
    };
  },
};
