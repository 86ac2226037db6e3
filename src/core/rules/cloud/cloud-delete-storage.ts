import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { hasOption, optionValue, parseArgs, shown, switchValue } from '../cli-options';
import { type CloudCall, cloudCall, gsutilCall, matchPath } from '../cloud-cli';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { bucketOf, type CloudOp, matchOps, on, opTriggers, RCLONE_BOOL, withProd, words } from './helpers';

// ---------------------------------------------------------------------------------------------
// Buckets, containers and objects

function s3Target(c: CloudCall): Word | undefined {
  return c.positionals.slice(2).find((w) => /^s3:\/\//i.test(w.value)) ?? c.positionals[2];
}

function isWholeBucket(url: string): boolean {
  return /^[a-z0-9]+:\/\/[^/]+\/?$/i.test(url);
}

/** Why deleting even an empty bucket is more than housekeeping. */
const BUCKET_NAME_LOSS = '(it must be empty, but its configuration is lost and its globally unique name can be claimed by anyone, including whoever still receives its traffic)';

/** aws s3 rb / rm. */
function awsS3Delete(cmd: SimpleCommand, c: CloudCall): RuleMatch | undefined {
  const sub = c.positionals[1];
  const found = s3Target(c);
  if (!sub || (!found && !cmd.argsFromStdin)) return undefined;
  // `xargs aws s3 rb --force`: the bucket names arrive on stdin.
  const target: Word = found ?? { ...sub, value: 's3://…' };
  const url = found ? shown(found.value) : '(named on stdin)';
  const profile = optionValue(c.args, 'profile');
  if (sub.value === 'rb') {
    const force = on(c, 'force');
    return withProd(
      cmd,
      force
        ? { severity: 'high', message: `deletes the ${kindName('S3 bucket', url)} and every object in it (--force).`, span: spanFromProgram(cmd, [sub, target, ...words(c, 'force')]) }
        : { severity: 'high', message: `deletes the ${kindName('S3 bucket', url)} ${BUCKET_NAME_LOSS}.`, span: spanFromProgram(cmd, [sub, target]) },
      [bucketOf(target.value), profile],
    );
  }
  if (sub.value === 'rm') {
    const recursive = on(c, 'recursive');
    const filtered = hasOption(c.args, 'include', 'exclude');
    return withProd(
      cmd,
      recursive
        ? {
            severity: 'high',
            message: `deletes every object under ${url}${isWholeBucket(target.value) ? ' (the whole bucket’s contents)' : ''}${filtered ? ' that the filters match' : ''} (--recursive).`,
            span: spanFromProgram(cmd, [sub, target, ...words(c, 'recursive')]),
          }
        : { severity: 'medium', message: `deletes the ${kindName('S3 object', url)}.`, span: spanFromProgram(cmd, [sub, target]) },
      [bucketOf(target.value), profile],
    );
  }
  return undefined;
}

export const STORAGE_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 's3api delete-bucket', severity: 'high', what: 'deletes the S3 bucket', name: ['bucket'], refine: () => ({ note: BUCKET_NAME_LOSS }) },
  { tool: 'aws', path: 's3api delete-objects', severity: 'high', what: 'deletes a batch of objects from the S3 bucket', name: ['bucket'] },
  {
    tool: 'aws',
    path: 's3api delete-object',
    severity: 'medium',
    what: 'deletes an object from the S3 bucket',
    name: ['bucket'],
    refine: (c) => (hasOption(c.args, 'version-id') ? { note: `(version ${shown(optionValue(c.args, 'version-id'))}, permanently)` } : { note: `${kindName('key', shown(optionValue(c.args, 'key')))}` }),
  },
  { tool: 'aws', path: 'efs delete-file-system', severity: 'high', what: 'deletes the EFS file system and its files:', name: ['file-system-id'] },
  { tool: 'aws', path: 'fsx delete-file-system', severity: 'high', what: 'deletes the FSx file system', name: ['file-system-id'] },
  { tool: 'aws', path: 'glacier delete-vault', severity: 'high', what: 'deletes the Glacier vault', name: ['vault-name'] },
  { tool: 'aws', path: 'glacier delete-archive', severity: 'medium', what: 'deletes a Glacier archive from vault', name: ['vault-name'] },
  {
    tool: 'aws',
    path: 'ecr delete-repository',
    severity: 'medium',
    what: 'deletes the ECR repository',
    name: ['repository-name'],
    refine: (c) => (on(c, 'force') ? { severity: 'high', note: 'and every image in it (--force)', words: words(c, 'force') } : undefined),
  },
  { tool: 'gcloud', path: 'storage buckets delete', severity: 'high', what: 'deletes the Cloud Storage bucket', refine: () => ({ note: BUCKET_NAME_LOSS }) },
  { tool: 'gcloud', path: 'filestore instances delete', severity: 'high', what: 'deletes the Filestore instance and its files:' },
  { tool: 'gcloud', path: 'artifacts repositories delete', severity: 'high', what: 'deletes the Artifact Registry repository and its packages:' },
  { tool: 'az', path: 'storage account delete', severity: 'high', what: 'deletes the storage account and every container, share, table and queue in it:' },
  { tool: 'az', path: 'storage container delete', severity: 'high', what: 'deletes the blob container and every blob in it:' },
  { tool: 'az', path: 'storage blob delete-batch', severity: 'high', what: 'deletes every matching blob in', name: ['source', 's'] },
  { tool: 'az', path: 'storage blob delete', severity: 'medium', what: 'deletes the blob' },
  { tool: 'az', path: 'storage blob directory delete', severity: 'high', what: 'deletes the blob directory and its blobs:', name: ['directory-path', 'd'] },
  { tool: 'az', path: 'storage share delete', severity: 'high', what: 'deletes the file share and its files:' },
  { tool: 'az', path: 'storage share-rm delete', severity: 'high', what: 'deletes the file share and its files:' },
  { tool: 'az', path: 'storage fs delete', severity: 'high', what: 'deletes the Data Lake file system and its files:', name: ['name', 'n', 'file-system', 'f'] },
  { tool: 'az', path: 'storage fs directory delete', severity: 'high', what: 'deletes the Data Lake directory and its files:' },
  { tool: 'az', path: 'storage table delete', severity: 'high', what: 'deletes the storage table and its entities:' },
];

/** gcloud storage rm. */
function gcloudStorageRm(cmd: SimpleCommand, c: CloudCall): RuleMatch | undefined {
  const at = matchPath(c, ['storage', 'rm']);
  if (at === -1) return undefined;
  const targets = c.positionals.slice(at);
  if (!targets.length) return undefined;
  const recursive = on(c, 'recursive') || c.args.options.has('r') || c.args.options.has('R');
  const wide = recursive || targets.some((t) => /\*/.test(t.value));
  const names = targets.map((t) => shown(t.value)).join(', ');
  const all = on(c, 'all-versions') || c.args.options.has('a') ? ', including every noncurrent version' : '';
  return withProd(
    cmd,
    wide
      ? { severity: 'high', message: `deletes every object under ${names}${targets.some((t) => isWholeBucket(t.value)) && recursive ? ' and the bucket itself' : ''}${all}.`, span: spanFromProgram(cmd, [...c.positionals.slice(0, at), ...targets]) }
      : { severity: 'medium', message: `deletes the ${kindName('Cloud Storage object', names)}${all}.`, span: spanFromProgram(cmd, [...c.positionals.slice(0, at), ...targets]) },
    [...targets.map((t) => bucketOf(t.value)), ...c.targets],
  );
}

function gsutilDelete(cmd: SimpleCommand): RuleMatch | undefined {
  const g = gsutilCall(cmd);
  const sub = g.sub?.value;
  if (!g.sub || (sub !== 'rm' && sub !== 'rb')) return undefined;
  const targets = g.args.positionals;
  const names = targets.map((t) => shown(t.value)).join(', ') || 'the objects named on stdin';
  if (sub === 'rb') {
    return withProd(cmd, { severity: 'high', message: `deletes the ${kindName('bucket', names)} ${BUCKET_NAME_LOSS}.`, span: spanFromProgram(cmd, [g.sub, ...targets]) }, [
      ...targets.map((t) => bucketOf(t.value)),
      ...g.targets,
    ]);
  }
  const recursive = g.args.options.has('r') || g.args.options.has('R') || g.args.options.has('recursive');
  const fromStdin = g.args.options.has('I');
  const wide = recursive || fromStdin || targets.some((t) => t.value.includes('*'));
  const all = g.args.options.has('a') ? ', including every noncurrent version' : '';
  return withProd(
    cmd,
    wide
      ? {
          severity: 'high',
          message: `deletes every object under ${names}${recursive && targets.some((t) => isWholeBucket(t.value)) ? ' and the bucket itself' : ''}${all}.`,
          span: spanFromProgram(cmd, [g.sub, ...targets]),
        }
      : { severity: 'medium', message: `deletes the ${kindName('Cloud Storage object', names)}${all}.`, span: spanFromProgram(cmd, [g.sub, ...targets]) },
    [...targets.map((t) => bucketOf(t.value)), ...g.targets],
  );
}

function s5cmdDelete(cmd: SimpleCommand): RuleMatch | undefined {
  const p = parseArgs(cmd.args, { unknownLong: 'bool', valued: new Set(['endpoint-url', 'profile', 'credentials-file', 'numworkers', 'retry-count', 'log']) });
  if (p.options.has('dry-run')) return undefined;
  const [sub, ...targets] = p.positionals;
  if (!sub || (sub.value !== 'rm' && sub.value !== 'rb')) return undefined;
  const names = targets.map((t) => shown(t.value)).join(', ');
  const wide = sub.value === 'rm' && targets.some((t) => t.value.includes('*'));
  const severity: Severity = sub.value === 'rb' || wide ? 'high' : 'medium';
  return withProd(
    cmd,
    { severity, message: sub.value === 'rb' ? `deletes the ${kindName('bucket', names)} ${BUCKET_NAME_LOSS}.` : `deletes ${wide ? 'every object matching' : 'the object'} ${names}.`, span: spanFromProgram(cmd, [sub, ...targets]) },
    [...targets.map((t) => bucketOf(t.value)), optionValue(p, 'profile')],
  );
}

function rcloneDelete(cmd: SimpleCommand): RuleMatch | undefined {
  const p = parseArgs(cmd.args, { unknownLong: 'value', bool: RCLONE_BOOL, shortValued: '' });
  if (p.options.has('dry-run') || p.options.has('n') || p.options.has('interactive') || p.options.has('i')) return undefined;
  const [sub, ...targets] = p.positionals;
  if (!sub) return undefined;
  const names = targets.map((t) => shown(t.value)).join(', ');
  const span = spanFromProgram(cmd, [sub, ...targets]);
  const targetNames = targets.map((t) => t.value);
  if (sub.value === 'purge') return withProd(cmd, { severity: 'high', message: `deletes ${names} and everything in it (rclone purge ignores filters).`, span }, targetNames);
  if (sub.value === 'delete') return withProd(cmd, { severity: 'high', message: `deletes every file under ${names} that the filters match.`, span }, targetNames);
  if (sub.value === 'deletefile') return withProd(cmd, { severity: 'medium', message: `deletes the ${kindName('file', names)}.`, span }, targetNames);
  return undefined;
}

function azcopyRemove(cmd: SimpleCommand): RuleMatch | undefined {
  const p = parseArgs(cmd.args, { unknownLong: 'value', bool: new Set(['recursive', 'dry-run']) });
  const [sub, ...targets] = p.positionals;
  if (!sub || (sub.value !== 'remove' && sub.value !== 'rm')) return undefined;
  if (switchValue(p, 'dry-run')) return undefined;
  const recursive = switchValue(p, 'recursive') === true;
  const names = targets.map((t) => shown(t.value.replace(/\?.*$/, '?…'))).join(', ');
  return withProd(
    cmd,
    { severity: recursive ? 'high' : 'medium', message: recursive ? `deletes every blob or file under ${names} (--recursive).` : `deletes ${names}.`, span: spanFromProgram(cmd, [sub, ...targets]) },
    targets.map((t) => t.value.replace(/\?.*$/, '')),
  );
}

export const cloudDeleteStorage: CommandRule = {
  id: 'CLD002',
  name: 'cloud-delete-storage',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(STORAGE_OPS, [
    { programs: ['aws'], subcommands: ['rb', 'rm'] },
    { programs: ['gcloud'], subcommands: ['rm'] },
    { programs: ['gsutil'], subcommands: ['rm', 'rb'] },
    { programs: ['s5cmd'], subcommands: ['rm', 'rb'] },
    { programs: ['rclone'], subcommands: ['purge', 'delete', 'deletefile'] },
    { programs: ['azcopy'], subcommands: ['remove', 'rm'] },
  ]),
  summary: 'Deletes a bucket, container, file system or objects in cloud storage (S3, Cloud Storage, Azure Storage, EFS, rclone remotes).',
  rationale:
    'Object storage is often the only copy of uploads, backups, logs and data-lake tables; a recursive delete or a forced bucket removal cannot be undone unless versioning was on, and even then only for the objects it kept.',
  alternative: 'List what would go first (`aws s3 ls --recursive`, `--dryrun`, `gsutil ls -r`), keep versioning on, and delete by an exact prefix after reviewing the list.',
  examples: {
    fire: [
      'aws s3 rb s3://customer-uploads --force',
      'aws --profile prod --region eu-west-1 s3 rb s3://b --force',
      'aws s3 rm s3://logs-archive/ --recursive',
      'gsutil -m rm -r gs://company-backups',
      'gcloud storage rm --recursive gs://data-lake/raw/',
      'az storage container delete --name uploads --account-name acct',
      'rclone purge remote:backups',
    ],
    pass: [
      'aws s3 cp ./build s3://site-bucket/ --recursive',
      'aws s3 ls s3://customer-uploads --recursive',
      'aws s3 rm s3://logs-archive/ --recursive --dryrun',
      'gsutil ls -r gs://company-backups',
      'rclone copy ./out remote:backups',
      'aws s3 mb s3://new-bucket',
    ],
  },
  check(cmd) {
    if (cmd.program === 'gsutil') return gsutilDelete(cmd);
    if (cmd.program === 's5cmd') return s5cmdDelete(cmd);
    if (cmd.program === 'rclone') return rcloneDelete(cmd);
    if (cmd.program === 'azcopy') return azcopyRemove(cmd);
    const c = cloudCall(cmd);
    if (!c || c.inert) return undefined;
    if (c.tool === 'aws' && c.positionals[0]?.value === 's3') return awsS3Delete(cmd, c);
    if (c.tool === 'gcloud') {
      const rm = gcloudStorageRm(cmd, c);
      if (rm) return rm;
    }
    return matchOps(cmd, STORAGE_OPS);
  },
};
