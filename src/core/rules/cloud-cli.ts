import { kindName } from '../plain-text';
/**
 * How aws, gcloud, az and gsutil lay out their command lines: global options anywhere, a
 * command path (`rds delete-db-instance`, `sql instances delete`, `group delete`), then the
 * resource names and options. One reader per tool turns a SimpleCommand into a CloudCall so that
 * rules match command paths and read names without caring how the options were spelled.
 */
import type { SimpleCommand, Word } from '../shell/model';
import { type CliSpec, labelled, type ParsedArgs, optionValue, parseArgs, targetAssignments } from './cli-options';

export type CloudTool = 'aws' | 'gcloud' | 'az';

export interface CloudCall {
  tool: CloudTool;
  /** Command path and positional arguments, in order (aws: service, operation, then s3 paths). */
  positionals: Word[];
  args: ParsedArgs;
  /** Values that say which account, project or subscription is hit (profile, project, env vars). */
  targets: string[];
  /** Prints help, a skeleton or a dry run: nothing would change. */
  inert: boolean;
}

const AWS_GLOBAL_VALUED = new Set([
  'profile', 'region', 'output', 'endpoint-url', 'query', 'color', 'cli-read-timeout', 'cli-connect-timeout', 'ca-bundle',
  'cli-binary-format', 'cli-input-json', 'cli-input-yaml', 'page-size', 'max-items', 'starting-token',
]);

/** Options of the high-level `aws s3` commands that take a value; every other s3 option is a switch. */
const AWS_S3_VALUED = new Set([
  ...AWS_GLOBAL_VALUED, 'exclude', 'include', 'acl', 'storage-class', 'sse-c', 'sse-c-key', 'sse-kms-key-id', 'sse-c-copy-source',
  'sse-c-copy-source-key', 'content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires',
  'metadata', 'metadata-directive', 'grants', 'website-redirect', 'expected-size', 'source-region', 'copy-props', 'checksum-algorithm',
  'checksum-mode', 'request-payer', 'sse',
]);

/** Options that accept an optional value and are usually written bare. */
const AWS_S3_OPTIONAL = new Set(['request-payer', 'sse']);

const GCLOUD_VALUED = new Set([
  'project', 'zone', 'region', 'account', 'configuration', 'format', 'verbosity', 'impersonate-service-account', 'billing-project',
  'flags-file', 'filter', 'limit', 'sort-by', 'page-size', 'location', 'keyring', 'key', 'version', 'instance', 'cluster', 'member',
  'role', 'condition', 'delete-disks', 'keep-disks', 'database', 'namespace', 'service-account', 'secret', 'trace-token',
  'delete-policy', 'organization', 'folder', 'bucket', 'platform', 'backup-instance', 'instance-config', 'condition-from-file',
]);
const GCLOUD_BOOL = new Set(['quiet', 'async', 'recursive', 'all-versions', 'continue-on-error', 'dry-run', 'log-http', 'help', 'user-output-enabled']);

const AZ_BOOL = new Set([
  'yes', 'no-wait', 'debug', 'verbose', 'only-show-errors', 'help', 'force', 'no-prompt', 'auth-mode-login', 'recursive', 'dryrun',
  'dry-run', 'force-string', 'show-details',
]);

const AWS_GLOBAL_BOOL = new Set(['debug', 'no-sign-request', 'no-verify-ssl', 'no-paginate', 'no-cli-pager', 'cli-auto-prompt', 'no-cli-auto-prompt', 'version']);

/** Reads an `aws` command: global options anywhere, then service and operation. */
export function awsCall(cmd: SimpleCommand): CloudCall {
  const globalSpec: CliSpec = { unknownLong: 'bool', valued: AWS_GLOBAL_VALUED, bool: AWS_GLOBAL_BOOL };
  const pre = parseArgs(cmd.args, globalSpec);
  const service = pre.positionals[0]?.value;
  const opWord = pre.positionals[1];
  const at = opWord ? cmd.args.indexOf(opWord) : -1;
  let args: ParsedArgs;
  if (at === -1) args = pre;
  else {
    const spec: CliSpec = service === 's3' ? { unknownLong: 'bool', valued: AWS_S3_VALUED, bool: AWS_GLOBAL_BOOL } : { unknownLong: 'multi', valued: AWS_GLOBAL_VALUED, bool: AWS_GLOBAL_BOOL };
    const head = parseArgs(cmd.args.slice(0, at + 1), globalSpec);
    const tail = parseArgs(cmd.args.slice(at + 1), spec);
    args = mergeParsed(head, tail);
    if (service === 's3') args = fixOptionalValues(args, AWS_S3_OPTIONAL);
  }
  const targets = [labelled('profile', optionValue(args, 'profile')), ...targetAssignments(cmd)].filter((v): v is string => v !== undefined);
  const inert =
    args.options.has('dry-run') ||
    args.options.has('dryrun') ||
    args.options.has('generate-cli-skeleton') ||
    args.options.has('help') ||
    args.positionals.some((p, i) => i >= 1 && p.value === 'help');
  return { tool: 'aws', positionals: args.positionals, args, targets, inert };
}

function mergeParsed(a: ParsedArgs, b: ParsedArgs): ParsedArgs {
  const options = new Map(a.options);
  for (const [k, v] of b.options) options.set(k, [...(options.get(k) ?? []), ...v]);
  return { positionals: [...a.positionals, ...b.positionals], options };
}

/** `--request-payer s3://b` would read the path as the option's value; give it back. */
function fixOptionalValues(p: ParsedArgs, optional: ReadonlySet<string>): ParsedArgs {
  const positionals = [...p.positionals];
  for (const name of optional) {
    for (const o of p.options.get(name) ?? []) {
      if (o.valueWord && /^(s3:\/\/|\.|\/|~)/.test(o.valueWord.value)) {
        positionals.push(o.valueWord);
        o.value = undefined;
        o.valueWord = undefined;
      }
    }
  }
  positionals.sort((a, b) => a.span.start - b.span.start);
  return { positionals, options: p.options };
}

/** Reads a `gcloud` command; release tracks (`alpha`, `beta`) are dropped from the path. */
export function gcloudCall(cmd: SimpleCommand): CloudCall {
  const args = parseArgs(cmd.args, { unknownLong: 'bool', valued: GCLOUD_VALUED, bool: GCLOUD_BOOL });
  let positionals = args.positionals;
  if (positionals[0] && ['alpha', 'beta', 'preview'].includes(positionals[0].value)) positionals = positionals.slice(1);
  const targets = [labelled('project', optionValue(args, 'project')), labelled('configuration', optionValue(args, 'configuration')), ...targetAssignments(cmd)].filter((v): v is string => v !== undefined);
  const inert = args.options.has('help') || args.options.has('h') || positionals.some((p) => p.value === 'help');
  return { tool: 'gcloud', positionals, args, targets, inert };
}

/** Reads an `az` command: the command path comes first; every option but a few switches takes a value. */
export function azCall(cmd: SimpleCommand): CloudCall {
  const args = parseArgs(cmd.args, { unknownLong: 'value', bool: AZ_BOOL, shortValued: 'abcdefgijklmnopqrstuvwxz' });
  const targets = [labelled('subscription', optionValue(args, 'subscription')), labelled('resource group', optionValue(args, 'resource-group', 'g')), ...targetAssignments(cmd)].filter(
    (v): v is string => v !== undefined,
  );
  const inert = args.options.has('help') || args.options.has('h');
  return { tool: 'az', positionals: args.positionals, args, targets, inert };
}

export function cloudCall(cmd: SimpleCommand): CloudCall | undefined {
  if (cmd.program === 'aws') return awsCall(cmd);
  if (cmd.program === 'gcloud') return gcloudCall(cmd);
  if (cmd.program === 'az') return azCall(cmd);
  return undefined;
}

/** Index just past `path` when the call's positionals start with it, else -1. */
export function matchPath(call: CloudCall, path: readonly string[]): number {
  if (call.positionals.length < path.length) return -1;
  for (let i = 0; i < path.length; i++) if (call.positionals[i].value !== path[i]) return -1;
  return path.length;
}

/** gsutil: top-level options, then the sub-command and its own short options. */
export interface GsutilCall {
  sub?: Word;
  args: ParsedArgs;
  /** -u project, or env. */
  targets: string[];
}

const GSUTIL_SUB_VALUED: Readonly<Record<string, string>> = {
  rsync: 'ajxy',
  cp: 'aAjJpsx',
  mv: 'aAjJpsx',
  acl: 'ugdp',
  defacl: 'ugdp',
  iam: 'ugdp',
  versioning: '',
};

export function gsutilCall(cmd: SimpleCommand): GsutilCall {
  let i = 0;
  const top: string[] = [];
  while (i < cmd.args.length && cmd.args[i].value.startsWith('-')) {
    const v = cmd.args[i].value;
    if (/^-[uoh]$/.test(v)) {
      if (v === '-u') top.push(cmd.args[i + 1]?.value ?? '');
      i++;
    }
    i++;
  }
  const sub = cmd.args[i];
  const rest = cmd.args.slice(i + 1);
  const args = parseArgs(rest, { unknownLong: 'bool', shortValued: sub ? (GSUTIL_SUB_VALUED[sub.value] ?? '') : '' });
  return { sub, args, targets: [...top.map((t) => `${kindName('project', t)}`), ...targetAssignments(cmd)] };
}
