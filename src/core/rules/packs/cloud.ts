/**
 * Cloud resources deleted from the command line: databases, buckets, volumes, clusters, stacks,
 * whole projects, keys and secrets, and the switches that protect them. Data-bearing resources
 * weigh more than stateless compute; a name, profile or project that looks like production
 * raises the severity one step.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import {
  hasOption,
  looksProduction,
  optionValue,
  optionValues,
  optionWords,
  parseArgs,
  productionContext,
  raised,
  shown,
  switchValue,
  targetAssignments,
} from '../cli-options';
import { type CloudCall, cloudCall, type CloudTool, gsutilCall, matchPath } from '../cloud-cli';
import type { CommandRule, RuleMatch, RulePack, Trigger } from '../rule';
import { spanFromProgram } from '../rule';

interface Refinement {
  severity?: Severity;
  /** Added to the message: `with no final snapshot`. */
  note?: string;
  /** Extra words to include in the span. */
  words?: Word[];
}

/** One destructive cloud operation: which command path, how bad, and where its target's name is. */
interface CloudOp {
  tool: CloudTool;
  /** Command path after the program: `rds delete-db-instance`, `sql instances delete`. */
  path: string;
  severity: Severity;
  /** What it does, as a verb phrase: `deletes the RDS database instance`. */
  what: string;
  /** Options that hold the target's name (aws, az). gcloud names are the positionals after the path. */
  name?: readonly string[];
  /** Narrows the severity from the options; null means nothing would be destroyed. */
  refine?: (c: CloudCall) => Refinement | null | undefined;
}

const AZ_NAME = ['name', 'n'];

function on(c: CloudCall, name: string): boolean {
  return switchValue(c.args, name) === true;
}

function words(c: CloudCall, ...names: string[]): Word[] {
  return optionWords(c.args, ...names);
}

/** Final-snapshot handling shared by RDS, DocumentDB, Neptune and Lightsail. */
function skipFinalSnapshot(option = 'skip-final-snapshot'): (c: CloudCall) => Refinement | undefined {
  return (c) => (on(c, option) ? { severity: 'critical', note: 'with no final snapshot, so nothing is left to restore from', words: words(c, option) } : undefined);
}

function targetName(c: CloudCall, op: CloudOp, at: number): { name?: string; nameWords: Word[] } {
  if (c.tool === 'gcloud') {
    const names = c.positionals.slice(at);
    return { name: names.length ? names.map((w) => shown(w.value)).join(', ') : undefined, nameWords: names };
  }
  const opts = op.name ?? (c.tool === 'az' ? AZ_NAME : []);
  const values = optionValues(c.args, ...opts);
  return { name: values.length ? values.map((v) => shown(v)).join(', ') : undefined, nameWords: optionWords(c.args, ...opts) };
}

/** Matches the call against a table of operations and reports the first that applies. */
function matchOps(cmd: SimpleCommand, ops: readonly CloudOp[]): RuleMatch | undefined {
  const c = cloudCall(cmd);
  if (!c || c.inert) return undefined;
  for (const op of ops) {
    if (op.tool !== c.tool) continue;
    const path = op.path.split(' ');
    const at = matchPath(c, path);
    if (at === -1) continue;
    const refined = op.refine ? op.refine(c) : undefined;
    if (refined === null) return undefined;
    const { name, nameWords } = targetName(c, op, at);
    const prod = looksProduction(name, ...c.targets);
    let severity = refined?.severity ?? op.severity;
    if (prod) severity = raised(severity);
    const where = c.targets.length ? ` (${c.targets.map((t) => shown(t, 40)).join(', ')})` : '';
    return {
      severity,
      message: `${op.what}${name ? ` ${name}` : ''}${refined?.note ? ` ${refined.note}` : ''}${where}${prod ? '; the target looks like production' : ''}.`,
      span: spanFromProgram(cmd, [...c.positionals.slice(0, at), ...nameWords, ...(refined?.words ?? [])]),
      context: productionContext(prod),
    };
  }
  return undefined;
}

/** Trigger sets from an operation table: the program and the last word of each path. */
function opTriggers(ops: readonly CloudOp[], extra: readonly Trigger[] = []): Trigger[] {
  const byTool = new Map<string, Set<string>>();
  for (const op of ops) {
    const set = byTool.get(op.tool) ?? new Set<string>();
    const path = op.path.split(' ');
    set.add(path[path.length - 1]);
    byTool.set(op.tool, set);
  }
  return [...[...byTool].map(([tool, subs]) => ({ programs: [tool], subcommands: [...subs] })), ...extra];
}

// ---------------------------------------------------------------------------------------------
// Databases

const DATABASE_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 'rds delete-db-instance', severity: 'high', what: 'deletes the RDS database instance', name: ['db-instance-identifier'], refine: skipFinalSnapshot() },
  { tool: 'aws', path: 'rds delete-db-cluster', severity: 'high', what: 'deletes the RDS/Aurora cluster', name: ['db-cluster-identifier'], refine: skipFinalSnapshot() },
  { tool: 'aws', path: 'rds delete-global-cluster', severity: 'high', what: 'deletes the Aurora global cluster', name: ['global-cluster-identifier'] },
  { tool: 'aws', path: 'docdb delete-db-cluster', severity: 'high', what: 'deletes the DocumentDB cluster', name: ['db-cluster-identifier'], refine: skipFinalSnapshot() },
  { tool: 'aws', path: 'neptune delete-db-cluster', severity: 'high', what: 'deletes the Neptune cluster', name: ['db-cluster-identifier'], refine: skipFinalSnapshot() },
  { tool: 'aws', path: 'docdb delete-db-instance', severity: 'medium', what: 'deletes the DocumentDB instance', name: ['db-instance-identifier'] },
  { tool: 'aws', path: 'neptune delete-db-instance', severity: 'medium', what: 'deletes the Neptune instance', name: ['db-instance-identifier'] },
  { tool: 'aws', path: 'redshift delete-cluster', severity: 'high', what: 'deletes the Redshift cluster', name: ['cluster-identifier'], refine: skipFinalSnapshot('skip-final-cluster-snapshot') },
  { tool: 'aws', path: 'dynamodb delete-table', severity: 'high', what: 'deletes the DynamoDB table and every item in it:', name: ['table-name'] },
  { tool: 'aws', path: 'lightsail delete-relational-database', severity: 'high', what: 'deletes the Lightsail database', name: ['relational-database-name'], refine: skipFinalSnapshot() },
  { tool: 'aws', path: 'opensearch delete-domain', severity: 'high', what: 'deletes the OpenSearch domain and its indexes:', name: ['domain-name'] },
  { tool: 'aws', path: 'es delete-elasticsearch-domain', severity: 'high', what: 'deletes the Elasticsearch domain and its indexes:', name: ['domain-name'] },
  { tool: 'aws', path: 'timestream-write delete-database', severity: 'high', what: 'deletes the Timestream database', name: ['database-name'] },
  { tool: 'aws', path: 'timestream-write delete-table', severity: 'high', what: 'deletes the Timestream table', name: ['table-name'] },
  { tool: 'aws', path: 'keyspaces delete-keyspace', severity: 'high', what: 'deletes the Keyspaces keyspace', name: ['keyspace-name'] },
  { tool: 'aws', path: 'keyspaces delete-table', severity: 'high', what: 'deletes the Keyspaces table', name: ['table-name'] },
  { tool: 'aws', path: 'qldb delete-ledger', severity: 'high', what: 'deletes the QLDB ledger', name: ['name'] },
  { tool: 'aws', path: 'elasticache delete-replication-group', severity: 'medium', what: 'deletes the ElastiCache replication group', name: ['replication-group-id'] },
  { tool: 'aws', path: 'elasticache delete-cache-cluster', severity: 'medium', what: 'deletes the ElastiCache cluster', name: ['cache-cluster-id'] },
  { tool: 'aws', path: 'elasticache delete-serverless-cache', severity: 'medium', what: 'deletes the ElastiCache serverless cache', name: ['serverless-cache-name'] },
  { tool: 'aws', path: 'memorydb delete-cluster', severity: 'medium', what: 'deletes the MemoryDB cluster', name: ['cluster-name'] },
  { tool: 'aws', path: 'glue delete-database', severity: 'medium', what: 'deletes the Glue catalog database (table definitions)', name: ['name'] },
  { tool: 'gcloud', path: 'sql instances delete', severity: 'high', what: 'deletes the Cloud SQL instance (and its automatic backups)' },
  { tool: 'gcloud', path: 'sql databases delete', severity: 'high', what: 'deletes the Cloud SQL database' },
  { tool: 'gcloud', path: 'spanner instances delete', severity: 'high', what: 'deletes the Spanner instance and all its databases:' },
  { tool: 'gcloud', path: 'spanner databases delete', severity: 'high', what: 'deletes the Spanner database' },
  { tool: 'gcloud', path: 'bigtable instances delete', severity: 'high', what: 'deletes the Bigtable instance and its tables:' },
  { tool: 'gcloud', path: 'bigtable instances tables delete', severity: 'high', what: 'deletes the Bigtable table' },
  { tool: 'gcloud', path: 'firestore databases delete', severity: 'high', what: 'deletes the Firestore database', refine: (c) => ({ note: optionValue(c.args, 'database') ?? '' }) },
  { tool: 'gcloud', path: 'alloydb clusters delete', severity: 'high', what: 'deletes the AlloyDB cluster' },
  { tool: 'gcloud', path: 'alloydb instances delete', severity: 'medium', what: 'deletes the AlloyDB instance' },
  { tool: 'gcloud', path: 'redis instances delete', severity: 'medium', what: 'deletes the Memorystore Redis instance' },
  { tool: 'az', path: 'sql db delete', severity: 'high', what: 'deletes the Azure SQL database' },
  { tool: 'az', path: 'sql server delete', severity: 'high', what: 'deletes the Azure SQL server and every database on it:' },
  { tool: 'az', path: 'sql mi delete', severity: 'high', what: 'deletes the Azure SQL managed instance' },
  { tool: 'az', path: 'cosmosdb delete', severity: 'high', what: 'deletes the Cosmos DB account and all its data:' },
  { tool: 'az', path: 'cosmosdb sql database delete', severity: 'high', what: 'deletes the Cosmos DB database' },
  { tool: 'az', path: 'cosmosdb sql container delete', severity: 'high', what: 'deletes the Cosmos DB container' },
  { tool: 'az', path: 'cosmosdb mongodb database delete', severity: 'high', what: 'deletes the Cosmos DB Mongo database' },
  { tool: 'az', path: 'cosmosdb mongodb collection delete', severity: 'high', what: 'deletes the Cosmos DB Mongo collection' },
  { tool: 'az', path: 'postgres server delete', severity: 'high', what: 'deletes the Azure PostgreSQL server' },
  { tool: 'az', path: 'postgres flexible-server delete', severity: 'high', what: 'deletes the Azure PostgreSQL flexible server' },
  { tool: 'az', path: 'postgres flexible-server db delete', severity: 'high', what: 'deletes the Azure PostgreSQL database', name: ['database-name', 'd'] },
  { tool: 'az', path: 'mysql server delete', severity: 'high', what: 'deletes the Azure MySQL server' },
  { tool: 'az', path: 'mysql flexible-server delete', severity: 'high', what: 'deletes the Azure MySQL flexible server' },
  { tool: 'az', path: 'mysql flexible-server db delete', severity: 'high', what: 'deletes the Azure MySQL database', name: ['database-name', 'd'] },
  { tool: 'az', path: 'redis delete', severity: 'medium', what: 'deletes the Azure Cache for Redis' },
];

/** `bq rm`: datasets and tables in BigQuery. */
function bqRemove(cmd: SimpleCommand): RuleMatch | undefined {
  const p = parseArgs(cmd.args, { unknownLong: 'bool' });
  const sub = p.positionals[0];
  if (sub?.value !== 'rm') return undefined;
  const target = p.positionals[1];
  if (!target) return undefined;
  const isView = p.options.has('v') || p.options.has('view');
  const isModel = p.options.has('m') || p.options.has('model');
  const recursive = p.options.has('r') || p.options.has('recursive');
  const isDataset = p.options.has('d') || p.options.has('dataset') || (!target.value.includes('.') && !p.options.has('t') && !p.options.has('table'));
  let severity: Severity = isView || isModel ? 'low' : 'high';
  const what = isView ? 'view' : isModel ? 'model' : isDataset ? `dataset${recursive ? ' and every table in it' : ''}` : 'table';
  const prod = looksProduction(target.value, optionValue(p, 'project_id'), ...targetAssignments(cmd));
  if (prod) severity = raised(severity);
  return {
    severity,
    message: `deletes the BigQuery ${what} ${shown(target.value)}${prod ? '; the target looks like production' : ''}.`,
    span: spanFromProgram(cmd, [sub, target]),
    context: productionContext(prod),
  };
}

const deleteDatabase: CommandRule = {
  id: 'CLD001',
  name: 'cloud-delete-database',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(DATABASE_OPS, [{ programs: ['bq'], subcommands: ['rm'] }]),
  summary: 'Deletes a managed database, table or cluster (RDS, DynamoDB, Cloud SQL, Spanner, Azure SQL, Cosmos DB, BigQuery).',
  rationale:
    'A managed database holds data that usually has no other live copy; deleting it also deletes automated backups on most providers, and skipping the final snapshot leaves nothing to restore from.',
  alternative: 'Take a snapshot or export first, keep deletion protection on, and let a human run the delete from the console with the snapshot named.',
  examples: {
    fire: [
      'aws rds delete-db-instance --db-instance-identifier prod-db --skip-final-snapshot',
      'aws --profile prod dynamodb delete-table --table-name users',
      'gcloud --project=p sql instances delete db --quiet',
      'az sql db delete -g rg -s server -n appdb --yes',
      'bq rm -r -f -d analytics',
    ],
    pass: [
      'aws rds describe-db-instances --db-instance-identifier prod-db',
      'aws rds create-db-snapshot --db-instance-identifier prod-db --db-snapshot-identifier before-change',
      'gcloud sql instances list',
      'aws dynamodb delete-item --table-name users --key \'{"id":{"S":"1"}}\'',
      'aws rds delete-db-instance help',
    ],
  },
  check(cmd) {
    if (cmd.program === 'bq') return bqRemove(cmd);
    return matchOps(cmd, DATABASE_OPS);
  },
};

// ---------------------------------------------------------------------------------------------
// Buckets, containers and objects

function s3Target(c: CloudCall): Word | undefined {
  return c.positionals.slice(2).find((w) => /^s3:\/\//i.test(w.value)) ?? c.positionals[2];
}

function bucketOf(url: string): string {
  const m = /^[a-z0-9]+:\/\/([^/]*)/i.exec(url);
  return m ? m[1] : url;
}

function isWholeBucket(url: string): boolean {
  return /^[a-z0-9]+:\/\/[^/]+\/?$/i.test(url);
}

function withProd(cmd: SimpleCommand, m: RuleMatch & { severity: Severity; message: string }, targets: (string | undefined)[]): RuleMatch {
  const prod = looksProduction(...targets, ...targetAssignments(cmd));
  if (!prod) return m;
  return { ...m, severity: raised(m.severity), message: `${m.message.replace(/\.$/, '')}; the target looks like production.`, context: productionContext(true) };
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
        ? { severity: 'high', message: `deletes the S3 bucket ${url} and every object in it (--force).`, span: spanFromProgram(cmd, [sub, target, ...words(c, 'force')]) }
        : { severity: 'high', message: `deletes the S3 bucket ${url} ${BUCKET_NAME_LOSS}.`, span: spanFromProgram(cmd, [sub, target]) },
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
        : { severity: 'medium', message: `deletes the S3 object ${url}.`, span: spanFromProgram(cmd, [sub, target]) },
      [bucketOf(target.value), profile],
    );
  }
  return undefined;
}

const STORAGE_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 's3api delete-bucket', severity: 'high', what: 'deletes the S3 bucket', name: ['bucket'], refine: () => ({ note: BUCKET_NAME_LOSS }) },
  { tool: 'aws', path: 's3api delete-objects', severity: 'high', what: 'deletes a batch of objects from the S3 bucket', name: ['bucket'] },
  {
    tool: 'aws',
    path: 's3api delete-object',
    severity: 'medium',
    what: 'deletes an object from the S3 bucket',
    name: ['bucket'],
    refine: (c) => (hasOption(c.args, 'version-id') ? { note: `(version ${shown(optionValue(c.args, 'version-id'))}, permanently)` } : { note: `key ${shown(optionValue(c.args, 'key'))}` }),
  },
  { tool: 'aws', path: 'efs delete-file-system', severity: 'high', what: 'deletes the EFS file system and its files:', name: ['file-system-id'] },
  { tool: 'aws', path: 'fsx delete-file-system', severity: 'high', what: 'deletes the FSx file system', name: ['file-system-id'] },
  { tool: 'aws', path: 'glacier delete-vault', severity: 'high', what: 'deletes the Glacier vault', name: ['vault-name'] },
  { tool: 'aws', path: 'glacier delete-archive', severity: 'medium', what: 'deletes a Glacier archive from vault', name: ['vault-name'] },
  {
    tool: 'aws',
    path: 'ecr delete-repository',
    severity: 'low',
    what: 'deletes the ECR repository',
    name: ['repository-name'],
    refine: (c) => (on(c, 'force') ? { severity: 'medium', note: 'and every image in it (--force)', words: words(c, 'force') } : undefined),
  },
  { tool: 'gcloud', path: 'storage buckets delete', severity: 'high', what: 'deletes the Cloud Storage bucket', refine: () => ({ note: BUCKET_NAME_LOSS }) },
  { tool: 'gcloud', path: 'filestore instances delete', severity: 'high', what: 'deletes the Filestore instance and its files:' },
  { tool: 'gcloud', path: 'artifacts repositories delete', severity: 'medium', what: 'deletes the Artifact Registry repository and its packages:' },
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
      : { severity: 'medium', message: `deletes the Cloud Storage object ${names}${all}.`, span: spanFromProgram(cmd, [...c.positionals.slice(0, at), ...targets]) },
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
    return withProd(cmd, { severity: 'high', message: `deletes the bucket ${names} ${BUCKET_NAME_LOSS}.`, span: spanFromProgram(cmd, [g.sub, ...targets]) }, [
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
      : { severity: 'medium', message: `deletes the Cloud Storage object ${names}${all}.`, span: spanFromProgram(cmd, [g.sub, ...targets]) },
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
    { severity, message: sub.value === 'rb' ? `deletes the bucket ${names} ${BUCKET_NAME_LOSS}.` : `deletes ${wide ? 'every object matching' : 'the object'} ${names}.`, span: spanFromProgram(cmd, [sub, ...targets]) },
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
  if (sub.value === 'deletefile') return withProd(cmd, { severity: 'medium', message: `deletes the file ${names}.`, span }, targetNames);
  return undefined;
}

const RCLONE_BOOL = new Set(['dry-run', 'interactive', 'verbose', 'progress', 'checksum', 'rmdirs', 'ignore-errors', 'quiet', 'size-only', 'update', 'create-empty-src-dirs', 'no-traverse', 'fast-list', 'delete-excluded']);

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

const deleteStorage: CommandRule = {
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

// ---------------------------------------------------------------------------------------------
// Sync with delete

function syncDelete(cmd: SimpleCommand): RuleMatch | undefined {
  const span = (ws: Word[]): ReturnType<typeof spanFromProgram> => spanFromProgram(cmd, ws);
  if (cmd.program === 'gsutil') {
    const g = gsutilCall(cmd);
    if (g.sub?.value !== 'rsync' || !g.args.options.has('d') || g.args.options.has('n')) return undefined;
    const dest = g.args.positionals[g.args.positionals.length - 1];
    return withProd(
      cmd,
      { severity: 'high', message: `deletes every object in ${shown(dest?.value)} that is missing from the source (rsync -d).`, span: span([g.sub, ...g.args.positionals]) },
      [dest?.value, ...g.targets],
    );
  }
  if (cmd.program === 's5cmd') {
    const p = parseArgs(cmd.args, { unknownLong: 'bool', valued: new Set(['endpoint-url', 'profile', 'numworkers']) });
    const [sub, , dest] = p.positionals;
    if (sub?.value !== 'sync' || !p.options.has('delete') || p.options.has('dry-run')) return undefined;
    return withProd(cmd, { severity: 'high', message: `deletes every object in ${shown(dest?.value)} that is missing from the source (sync --delete).`, span: span(p.positionals) }, [dest?.value]);
  }
  if (cmd.program === 'rclone') {
    const p = parseArgs(cmd.args, { unknownLong: 'value', bool: RCLONE_BOOL });
    const [sub, , dest] = p.positionals;
    if (sub?.value !== 'sync' || p.options.has('dry-run') || p.options.has('n') || p.options.has('interactive') || p.options.has('i')) return undefined;
    return withProd(cmd, { severity: 'medium', message: `makes ${shown(dest?.value)} match the source, deleting files that only exist there (rclone sync).`, span: span(p.positionals) }, [dest?.value]);
  }
  if (cmd.program === 'azcopy') {
    const p = parseArgs(cmd.args, { unknownLong: 'value', bool: new Set(['recursive', 'dry-run']) });
    const [sub, , dest] = p.positionals;
    const del = optionValue(p, 'delete-destination');
    if (sub?.value !== 'sync' || !del || !/^(true|prompt)$/i.test(del) || switchValue(p, 'dry-run')) return undefined;
    return withProd(cmd, { severity: 'high', message: `deletes every blob or file in ${shown(dest?.value?.replace(/\?.*$/, ''))} that is missing from the source (--delete-destination).`, span: span(p.positionals) }, [dest?.value]);
  }
  const c = cloudCall(cmd);
  if (!c || c.inert) return undefined;
  if (c.tool === 'aws' && matchPath(c, ['s3', 'sync']) !== -1 && on(c, 'delete')) {
    const dest = c.positionals[3];
    return withProd(
      cmd,
      { severity: 'high', message: `deletes every object in ${shown(dest?.value)} that is missing from ${shown(c.positionals[2]?.value)} (s3 sync --delete).`, span: span([...c.positionals.slice(1), ...words(c, 'delete')]) },
      [dest && bucketOf(dest.value), optionValue(c.args, 'profile')],
    );
  }
  if (c.tool === 'gcloud' && matchPath(c, ['storage', 'rsync']) !== -1 && on(c, 'delete-unmatched-destination-objects') && !on(c, 'dry-run')) {
    const dest = c.positionals[3];
    return withProd(
      cmd,
      { severity: 'high', message: `deletes every object in ${shown(dest?.value)} that is missing from the source (--delete-unmatched-destination-objects).`, span: span(c.positionals) },
      [dest && bucketOf(dest.value), ...c.targets],
    );
  }
  if (c.tool === 'az' && matchPath(c, ['storage', 'blob', 'sync']) !== -1) {
    const del = optionValue(c.args, 'delete-destination');
    const container = optionValue(c.args, 'container', 'c');
    if (del !== undefined && /^(false|prompt)$/i.test(del)) return undefined;
    return withProd(
      cmd,
      del !== undefined
        ? { severity: 'high', message: `deletes every blob in container ${shown(container)} that is missing from the source (--delete-destination true).`, span: span(c.positionals) }
        : { severity: 'medium', message: `may delete blobs in container ${shown(container)} that are missing from the source; pass --delete-destination false to be sure.`, span: span(c.positionals) },
      [container, ...c.targets],
    );
  }
  return undefined;
}

const syncWithDelete: CommandRule = {
  id: 'CLD003',
  name: 'cloud-sync-delete',
  category: 'cloud',
  severity: 'critical',
  triggers: [
    { programs: ['aws'], subcommands: ['sync'] },
    { programs: ['gcloud'], subcommands: ['rsync'] },
    { programs: ['gsutil'], subcommands: ['rsync'] },
    { programs: ['az', 'azcopy', 'rclone', 's5cmd'], subcommands: ['sync'] },
  ],
  summary: 'Syncs to cloud storage with deletion of whatever is missing from the source (`s3 sync --delete`, `gsutil rsync -d`, `rclone sync`).',
  rationale:
    'A sync with delete makes the destination mirror the source: a wrong or empty source directory, or swapped arguments, deletes everything in the bucket that the source lacks.',
  alternative: 'Run it with `--dryrun` / `-n` first and read the deletions, or sync without `--delete` and remove stale objects by an explicit list.',
  examples: {
    fire: ['aws s3 sync ./dist s3://www-bucket --delete', 'gsutil -m rsync -r -d ./site gs://www-bucket', 'aws s3 sync --delete . s3://prod-assets/'],
    pass: ['aws s3 sync ./dist s3://www-bucket', 'aws s3 sync ./dist s3://www-bucket --delete --dryrun', 'gsutil rsync -r -d -n ./site gs://www-bucket', 'rclone sync --dry-run ./site remote:www'],
  },
  check: syncDelete,
};

// ---------------------------------------------------------------------------------------------
// Volumes, snapshots and backups

const VOLUME_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 'ec2 delete-volume', severity: 'high', what: 'deletes the EBS volume and the data on it:', name: ['volume-id'] },
  { tool: 'aws', path: 'ec2 delete-snapshot', severity: 'high', what: 'deletes the EBS snapshot', name: ['snapshot-id'] },
  { tool: 'aws', path: 'ec2 deregister-image', severity: 'medium', what: 'deregisters the AMI', name: ['image-id'] },
  { tool: 'aws', path: 'rds delete-db-snapshot', severity: 'high', what: 'deletes the RDS snapshot', name: ['db-snapshot-identifier'] },
  { tool: 'aws', path: 'rds delete-db-cluster-snapshot', severity: 'high', what: 'deletes the RDS cluster snapshot', name: ['db-cluster-snapshot-identifier'] },
  { tool: 'aws', path: 'rds delete-db-instance-automated-backup', severity: 'high', what: 'deletes the retained automated backups of', name: ['dbi-resource-id', 'db-instance-automated-backups-arn'] },
  { tool: 'aws', path: 'redshift delete-cluster-snapshot', severity: 'high', what: 'deletes the Redshift snapshot', name: ['snapshot-identifier'] },
  { tool: 'aws', path: 'dynamodb delete-backup', severity: 'high', what: 'deletes the DynamoDB backup', name: ['backup-arn'] },
  { tool: 'aws', path: 'backup delete-recovery-point', severity: 'high', what: 'deletes the AWS Backup recovery point', name: ['recovery-point-arn'] },
  { tool: 'aws', path: 'backup delete-backup-vault', severity: 'medium', what: 'deletes the AWS Backup vault', name: ['backup-vault-name'] },
  { tool: 'aws', path: 'lightsail delete-disk', severity: 'high', what: 'deletes the Lightsail disk', name: ['disk-name'] },
  { tool: 'aws', path: 'lightsail delete-disk-snapshot', severity: 'high', what: 'deletes the Lightsail disk snapshot', name: ['disk-snapshot-name'] },
  { tool: 'aws', path: 'elasticache delete-snapshot', severity: 'medium', what: 'deletes the ElastiCache snapshot', name: ['snapshot-name'] },
  { tool: 'gcloud', path: 'compute disks delete', severity: 'high', what: 'deletes the persistent disk and the data on it:' },
  { tool: 'gcloud', path: 'compute snapshots delete', severity: 'high', what: 'deletes the disk snapshot' },
  { tool: 'gcloud', path: 'compute images delete', severity: 'medium', what: 'deletes the image' },
  { tool: 'gcloud', path: 'compute machine-images delete', severity: 'medium', what: 'deletes the machine image' },
  { tool: 'gcloud', path: 'sql backups delete', severity: 'high', what: 'deletes the Cloud SQL backup' },
  { tool: 'gcloud', path: 'filestore backups delete', severity: 'high', what: 'deletes the Filestore backup' },
  { tool: 'az', path: 'disk delete', severity: 'high', what: 'deletes the managed disk and the data on it:' },
  { tool: 'az', path: 'snapshot delete', severity: 'high', what: 'deletes the disk snapshot' },
  { tool: 'az', path: 'image delete', severity: 'medium', what: 'deletes the image' },
  { tool: 'az', path: 'backup vault delete', severity: 'high', what: 'deletes the Recovery Services vault' },
  {
    tool: 'az',
    path: 'backup protection disable',
    severity: 'medium',
    what: 'stops backups of',
    name: ['item-name', 'container-name', 'c'],
    refine: (c) => (/^true$/i.test(optionValue(c.args, 'delete-backup-data') ?? '') ? { severity: 'high', note: 'and deletes its existing backup data' } : undefined),
  },
];

const deleteVolume: CommandRule = {
  id: 'CLD004',
  name: 'cloud-delete-volume-or-backup',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(VOLUME_OPS),
  summary: 'Deletes a disk, volume, snapshot or backup (EBS, persistent disks, managed disks, RDS snapshots, recovery points).',
  rationale: 'Volumes hold data that is not in source control, and snapshots and backups are the copy you restore from when something else goes wrong; deleting them removes the safety net.',
  alternative: 'Snapshot the volume before deleting it, and let backups expire through their retention policy instead of deleting them by hand.',
  examples: {
    fire: [
      'aws ec2 delete-volume --volume-id vol-0abc123',
      'aws ec2 delete-snapshot --snapshot-id snap-0123',
      'gcloud compute disks delete data-disk --zone us-central1-a --quiet',
      'az snapshot delete -g rg -n nightly',
    ],
    pass: ['aws ec2 describe-volumes --volume-ids vol-0abc123', 'aws ec2 create-snapshot --volume-id vol-0abc123', 'gcloud compute disks list', 'aws ec2 delete-volume --volume-id vol-1 --dry-run'],
  },
  check: (cmd) => matchOps(cmd, VOLUME_OPS),
};

// ---------------------------------------------------------------------------------------------
// Clusters

const CLUSTER_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 'eks delete-cluster', severity: 'high', what: 'deletes the EKS cluster and everything scheduled on it:', name: ['name'] },
  { tool: 'aws', path: 'eks delete-nodegroup', severity: 'medium', what: 'deletes the EKS node group', name: ['nodegroup-name'] },
  { tool: 'aws', path: 'ecs delete-cluster', severity: 'medium', what: 'deletes the ECS cluster', name: ['cluster'] },
  { tool: 'aws', path: 'kafka delete-cluster', severity: 'high', what: 'deletes the MSK cluster and its topics:', name: ['cluster-arn'] },
  { tool: 'aws', path: 'emr terminate-clusters', severity: 'medium', what: 'terminates the EMR clusters (HDFS data on them is lost):', name: ['cluster-ids'] },
  { tool: 'aws', path: 'mq delete-broker', severity: 'medium', what: 'deletes the Amazon MQ broker and its queued messages:', name: ['broker-id'] },
  { tool: 'gcloud', path: 'container clusters delete', severity: 'high', what: 'deletes the GKE cluster and every workload and volume claim on it:' },
  { tool: 'gcloud', path: 'container node-pools delete', severity: 'medium', what: 'deletes the GKE node pool' },
  { tool: 'gcloud', path: 'dataproc clusters delete', severity: 'medium', what: 'deletes the Dataproc cluster' },
  { tool: 'gcloud', path: 'composer environments delete', severity: 'high', what: 'deletes the Composer environment' },
  { tool: 'az', path: 'aks delete', severity: 'high', what: 'deletes the AKS cluster and every workload on it:' },
  { tool: 'az', path: 'aks nodepool delete', severity: 'medium', what: 'deletes the AKS node pool' },
  { tool: 'az', path: 'hdinsight delete', severity: 'medium', what: 'deletes the HDInsight cluster' },
];

const deleteCluster: CommandRule = {
  id: 'CLD005',
  name: 'cloud-delete-cluster',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(CLUSTER_OPS),
  summary: 'Deletes a Kubernetes or data-processing cluster (EKS, GKE, AKS, MSK, Dataproc).',
  rationale: 'A cluster carries every service running on it plus their persistent volumes and in-cluster state; recreating it means redeploying everything and restoring the volumes from backups, if there are any.',
  alternative: 'Scale workloads down or cordon nodes first, back up persistent volumes, and delete the cluster through the infrastructure-as-code that created it.',
  examples: {
    fire: ['aws eks delete-cluster --name prod-eks', 'gcloud container clusters delete staging --region us-central1 --quiet', 'az aks delete --name aks1 --resource-group rg --yes'],
    pass: ['aws eks describe-cluster --name prod-eks', 'gcloud container clusters get-credentials staging --region us-central1', 'az aks show --name aks1 --resource-group rg'],
  },
  check: (cmd) => matchOps(cmd, CLUSTER_OPS),
};

// ---------------------------------------------------------------------------------------------
// Stateless compute

const COMPUTE_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 'ec2 terminate-instances', severity: 'medium', what: 'terminates the EC2 instances (their instance-store and delete-on-termination volumes go with them):', name: ['instance-ids'] },
  { tool: 'aws', path: 'lambda delete-function', severity: 'medium', what: 'deletes the Lambda function', name: ['function-name'] },
  { tool: 'aws', path: 'ecs delete-service', severity: 'medium', what: 'deletes the ECS service', name: ['service'] },
  { tool: 'aws', path: 'autoscaling delete-auto-scaling-group', severity: 'medium', what: 'deletes the Auto Scaling group', name: ['auto-scaling-group-name'] },
  { tool: 'aws', path: 'elbv2 delete-load-balancer', severity: 'medium', what: 'deletes the load balancer', name: ['load-balancer-arn'] },
  { tool: 'aws', path: 'elb delete-load-balancer', severity: 'medium', what: 'deletes the classic load balancer', name: ['load-balancer-name'] },
  { tool: 'aws', path: 'apigateway delete-rest-api', severity: 'medium', what: 'deletes the API Gateway REST API', name: ['rest-api-id'] },
  { tool: 'aws', path: 'apigatewayv2 delete-api', severity: 'medium', what: 'deletes the API Gateway API', name: ['api-id'] },
  { tool: 'aws', path: 'cloudfront delete-distribution', severity: 'medium', what: 'deletes the CloudFront distribution', name: ['id'] },
  { tool: 'aws', path: 'lightsail delete-instance', severity: 'medium', what: 'deletes the Lightsail instance', name: ['instance-name'] },
  { tool: 'aws', path: 'sqs delete-queue', severity: 'medium', what: 'deletes the SQS queue and the messages in it:', name: ['queue-url'] },
  { tool: 'aws', path: 'sqs purge-queue', severity: 'medium', what: 'deletes every message in the SQS queue', name: ['queue-url'] },
  { tool: 'aws', path: 'sns delete-topic', severity: 'medium', what: 'deletes the SNS topic and its subscriptions:', name: ['topic-arn'] },
  { tool: 'aws', path: 'kinesis delete-stream', severity: 'medium', what: 'deletes the Kinesis stream and its unread records:', name: ['stream-name'] },
  { tool: 'aws', path: 'route53 delete-hosted-zone', severity: 'high', what: 'deletes the Route 53 hosted zone (its DNS records stop resolving):', name: ['id'] },
  { tool: 'aws', path: 'ec2 delete-vpc', severity: 'medium', what: 'deletes the VPC', name: ['vpc-id'] },
  {
    tool: 'gcloud',
    path: 'compute instances delete',
    severity: 'medium',
    what: 'deletes the VM instance (and its boot disk)',
    refine: (c) => {
      const disks = optionValue(c.args, 'delete-disks');
      return disks === 'all' || disks === 'data' ? { severity: 'high', note: `with its ${disks === 'all' ? 'boot and data' : 'data'} disks (--delete-disks=${disks})` } : undefined;
    },
  },
  { tool: 'gcloud', path: 'compute instance-groups managed delete', severity: 'medium', what: 'deletes the managed instance group' },
  { tool: 'gcloud', path: 'run services delete', severity: 'medium', what: 'deletes the Cloud Run service' },
  { tool: 'gcloud', path: 'functions delete', severity: 'medium', what: 'deletes the Cloud Function' },
  { tool: 'gcloud', path: 'app services delete', severity: 'medium', what: 'deletes the App Engine service' },
  { tool: 'gcloud', path: 'pubsub topics delete', severity: 'medium', what: 'deletes the Pub/Sub topic' },
  { tool: 'gcloud', path: 'pubsub subscriptions delete', severity: 'medium', what: 'deletes the Pub/Sub subscription and its unacknowledged messages:' },
  { tool: 'gcloud', path: 'dns managed-zones delete', severity: 'medium', what: 'deletes the Cloud DNS zone' },
  { tool: 'az', path: 'vm delete', severity: 'medium', what: 'deletes the virtual machine' },
  { tool: 'az', path: 'vmss delete', severity: 'medium', what: 'deletes the VM scale set' },
  { tool: 'az', path: 'webapp delete', severity: 'medium', what: 'deletes the web app' },
  { tool: 'az', path: 'functionapp delete', severity: 'medium', what: 'deletes the function app' },
  { tool: 'az', path: 'containerapp delete', severity: 'medium', what: 'deletes the container app' },
  { tool: 'az', path: 'appservice plan delete', severity: 'medium', what: 'deletes the App Service plan' },
  { tool: 'az', path: 'network dns zone delete', severity: 'medium', what: 'deletes the DNS zone' },
  { tool: 'az', path: 'servicebus namespace delete', severity: 'medium', what: 'deletes the Service Bus namespace and its queued messages:' },
  { tool: 'az', path: 'eventhubs namespace delete', severity: 'medium', what: 'deletes the Event Hubs namespace' },
];

const deleteCompute: CommandRule = {
  id: 'CLD006',
  name: 'cloud-delete-compute',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(COMPUTE_OPS),
  summary: 'Deletes or terminates compute and messaging resources (EC2 instances, Lambda functions, Cloud Run services, VMs, queues).',
  rationale:
    'Compute is usually rebuildable from code, but terminating a running instance takes a service down, loses whatever was configured by hand, and deletes attached disks marked delete-on-termination.',
  alternative: 'Stop instead of terminate (`aws ec2 stop-instances`, `gcloud compute instances stop`), or remove the resource through the infrastructure-as-code that owns it.',
  examples: {
    fire: [
      'aws ec2 terminate-instances --instance-ids i-0123456789abcdef0',
      'aws lambda delete-function --function-name prod-api',
      'gcloud compute instances delete web-1 --zone=us-east1-b',
      'az vm delete -g rg -n vm1 --yes',
    ],
    pass: ['aws ec2 stop-instances --instance-ids i-0123456789abcdef0', 'aws ec2 terminate-instances --instance-ids i-0123 --dry-run', 'gcloud compute instances list', 'aws lambda get-function --function-name prod-api'],
  },
  check: (cmd) => matchOps(cmd, COMPUTE_OPS),
};

// ---------------------------------------------------------------------------------------------
// Stacks and deployments

const STACK_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 'cloudformation delete-stack', severity: 'critical', what: 'deletes the CloudFormation stack and every resource it created:', name: ['stack-name'] },
  {
    tool: 'aws',
    path: 'cloudformation delete-stack-instances',
    severity: 'critical',
    what: 'deletes the stack instances of stack set',
    name: ['stack-set-name'],
    refine: (c) => (on(c, 'retain-stacks') ? null : undefined),
  },
  { tool: 'aws', path: 'cloudformation delete-stack-set', severity: 'medium', what: 'deletes the CloudFormation stack set', name: ['stack-set-name'] },
  {
    tool: 'gcloud',
    path: 'deployment-manager deployments delete',
    severity: 'critical',
    what: 'deletes the Deployment Manager deployment and every resource in it:',
    refine: (c) => (/^abandon$/i.test(optionValue(c.args, 'delete-policy') ?? '') ? null : undefined),
  },
  { tool: 'gcloud', path: 'infra-manager deployments delete', severity: 'critical', what: 'deletes the Infrastructure Manager deployment and its resources:' },
  {
    tool: 'az',
    path: 'stack group delete',
    severity: 'medium',
    what: 'deletes the deployment stack',
    refine: (c) => (/deleteAll/i.test(optionValue(c.args, 'action-on-unmanage', 'aou') ?? '') ? { severity: 'critical', note: 'and every resource it manages (deleteAll)' } : undefined),
  },
  {
    tool: 'az',
    path: 'stack sub delete',
    severity: 'medium',
    what: 'deletes the subscription deployment stack',
    refine: (c) => (/deleteAll/i.test(optionValue(c.args, 'action-on-unmanage', 'aou') ?? '') ? { severity: 'critical', note: 'and every resource it manages (deleteAll)' } : undefined),
  },
];

const deleteStack: CommandRule = {
  id: 'CLD007',
  name: 'cloud-delete-stack',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(STACK_OPS),
  summary: 'Deletes a CloudFormation stack or another deployment that owns its resources (Deployment Manager, Azure deployment stacks).',
  rationale:
    'Deleting a stack deletes everything in it — databases, buckets, queues, roles — in one call, except resources explicitly retained; one wrong stack name takes down a whole environment.',
  alternative: 'Turn on termination protection, set DeletionPolicy: Retain on data resources, review the stack’s resources, and delete through the pipeline that owns the stack.',
  examples: {
    fire: ['aws cloudformation delete-stack --stack-name prod-network', 'aws --region us-east-1 cloudformation delete-stack --stack-name app', 'gcloud deployment-manager deployments delete my-deploy -q'],
    pass: ['aws cloudformation describe-stacks --stack-name prod-network', 'aws cloudformation deploy --stack-name app --template-file t.yml', 'gcloud deployment-manager deployments delete my-deploy --delete-policy=ABANDON'],
  },
  check: (cmd) => matchOps(cmd, STACK_OPS),
};

// ---------------------------------------------------------------------------------------------
// Projects, resource groups, accounts

const ACCOUNT_OPS: readonly CloudOp[] = [
  { tool: 'gcloud', path: 'projects delete', severity: 'critical', what: 'shuts down the Google Cloud project and every resource in it:' },
  { tool: 'gcloud', path: 'resource-manager folders delete', severity: 'medium', what: 'deletes the folder' },
  { tool: 'az', path: 'group delete', severity: 'critical', what: 'deletes the resource group and every resource in it:', name: ['name', 'n', 'resource-group', 'g'] },
  { tool: 'aws', path: 'organizations close-account', severity: 'critical', what: 'closes the AWS account', name: ['account-id'] },
  { tool: 'aws', path: 'organizations delete-organization', severity: 'high', what: 'deletes the AWS organization' },
  { tool: 'aws', path: 'organizations remove-account-from-organization', severity: 'high', what: 'removes the account from the organization (its guardrails and billing go with it):', name: ['account-id'] },
];

function herokuDestroy(cmd: SimpleCommand): RuleMatch | undefined {
  const sub = cmd.args.find((a) => !a.value.startsWith('-'));
  if (!sub || !['apps:destroy', 'destroy', 'addons:destroy', 'addons:remove'].includes(sub.value)) return undefined;
  const p = parseArgs(cmd.args, { unknownLong: 'value', shortValued: 'ar' });
  const app = optionValue(p, 'app', 'a', 'confirm');
  const addon = sub.value.startsWith('addons') ? p.positionals[1]?.value : undefined;
  const prod = looksProduction(app, addon);
  const data = addon !== undefined && /postgres|redis|mysql|mongo|kafka|database/i.test(addon);
  const severity: Severity = sub.value.startsWith('addons') ? (data ? 'critical' : 'medium') : 'critical';
  return {
    severity: prod ? raised(severity) : severity,
    message: addon ? `destroys the Heroku add-on ${shown(addon)}${data ? ' and the data in it' : ''}${app ? ` of app ${shown(app)}` : ''}.` : `destroys the Heroku app ${shown(app) || '(current)'} with its add-ons and config.`,
    span: spanFromProgram(cmd, [sub]),
    context: productionContext(prod),
  };
}

const deleteAccount: CommandRule = {
  id: 'CLD008',
  name: 'cloud-delete-project-or-account',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(ACCOUNT_OPS, [{ programs: ['heroku'], subcommands: ['apps:destroy', 'destroy', 'addons:destroy', 'addons:remove'] }]),
  summary: 'Deletes a whole project, resource group, app or account (gcloud projects delete, az group delete, organizations close-account, heroku apps:destroy).',
  rationale: 'These delete every resource inside at once — databases, storage, keys and all — and the provider’s recovery window, where there is one, does not help anything that depended on them in the meantime.',
  alternative: 'Delete resources one by one after review, or ask a human to remove the project from the console after exporting what must be kept.',
  examples: {
    fire: ['gcloud projects delete my-project', 'az group delete --name prod-rg --yes --no-wait', 'aws organizations close-account --account-id 123456789012', 'heroku apps:destroy --app shop --confirm shop'],
    pass: ['gcloud projects describe my-project', 'az group show --name prod-rg', 'az group create --name test-rg --location westeurope', 'heroku apps:info --app shop'],
  },
  check(cmd) {
    if (cmd.program === 'heroku') return herokuDestroy(cmd);
    return matchOps(cmd, ACCOUNT_OPS);
  },
};

// ---------------------------------------------------------------------------------------------
// Keys and secrets

const KEY_OPS: readonly CloudOp[] = [
  { tool: 'aws', path: 'kms schedule-key-deletion', severity: 'critical', what: 'schedules deletion of the KMS key (everything encrypted with it becomes unreadable for good):', name: ['key-id'] },
  { tool: 'aws', path: 'kms disable-key', severity: 'high', what: 'disables the KMS key (everything encrypted with it becomes unreadable until re-enabled):', name: ['key-id'] },
  { tool: 'aws', path: 'kms delete-imported-key-material', severity: 'high', what: 'deletes the imported key material of', name: ['key-id'] },
  {
    tool: 'aws',
    path: 'secretsmanager delete-secret',
    severity: 'high',
    what: 'deletes the secret',
    name: ['secret-id'],
    refine: (c) => (on(c, 'force-delete-without-recovery') ? { severity: 'critical', note: 'immediately, with no recovery window', words: words(c, 'force-delete-without-recovery') } : undefined),
  },
  { tool: 'aws', path: 'ssm delete-parameter', severity: 'medium', what: 'deletes the SSM parameter', name: ['name'] },
  { tool: 'aws', path: 'ssm delete-parameters', severity: 'medium', what: 'deletes the SSM parameters', name: ['names'] },
  { tool: 'gcloud', path: 'kms keys versions destroy', severity: 'critical', what: 'destroys the KMS key version (data encrypted with it becomes unreadable):' },
  { tool: 'gcloud', path: 'kms keys versions disable', severity: 'high', what: 'disables the KMS key version' },
  { tool: 'gcloud', path: 'secrets delete', severity: 'high', what: 'deletes the secret and all its versions:' },
  { tool: 'gcloud', path: 'secrets versions destroy', severity: 'high', what: 'destroys the secret version' },
  { tool: 'az', path: 'keyvault delete', severity: 'high', what: 'deletes the key vault with its keys, secrets and certificates:' },
  { tool: 'az', path: 'keyvault purge', severity: 'critical', what: 'purges the deleted key vault for good:' },
  { tool: 'az', path: 'keyvault key delete', severity: 'high', what: 'deletes the key vault key' },
  { tool: 'az', path: 'keyvault key purge', severity: 'critical', what: 'purges the deleted key for good:' },
  { tool: 'az', path: 'keyvault secret delete', severity: 'medium', what: 'deletes the key vault secret' },
  { tool: 'az', path: 'keyvault secret purge', severity: 'high', what: 'purges the deleted secret for good:' },
  { tool: 'az', path: 'keyvault certificate purge', severity: 'high', what: 'purges the deleted certificate for good:' },
];

const deleteKey: CommandRule = {
  id: 'CLD009',
  name: 'cloud-delete-key-or-secret',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(KEY_OPS),
  summary: 'Deletes, destroys or disables an encryption key or secret (KMS, Secrets Manager, Secret Manager, Key Vault).',
  rationale:
    'Destroying an encryption key makes every disk, bucket and backup encrypted with it unreadable — a delete of all that data by other means; deleting a secret breaks every service that reads it.',
  alternative: 'Disable the key and watch for failures before scheduling deletion with the longest window; delete secrets with a recovery window, never with force.',
  examples: {
    fire: [
      'aws kms schedule-key-deletion --key-id 1234abcd --pending-window-in-days 7',
      'aws secretsmanager delete-secret --secret-id prod/db --force-delete-without-recovery',
      'gcloud kms keys versions destroy 3 --key=k --keyring=r --location=global',
      'az keyvault purge --name corp-vault',
    ],
    pass: ['aws kms describe-key --key-id 1234abcd', 'aws secretsmanager get-secret-value --secret-id prod/db', 'aws kms cancel-key-deletion --key-id 1234abcd', 'az keyvault show --name corp-vault'],
  },
  check: (cmd) => matchOps(cmd, KEY_OPS),
};

// ---------------------------------------------------------------------------------------------
// Protection switches

function jsonFalse(v: string | undefined, key: string): boolean {
  if (v === undefined) return false;
  return new RegExp(`${key}["']?\\s*[=:]\\s*["']?false`, 'i').test(v.slice(0, 4096));
}

const PROTECTION_OPS: readonly CloudOp[] = [
  ...(['rds', 'docdb', 'neptune'] as const).flatMap((svc): CloudOp[] => [
    {
      tool: 'aws',
      path: `${svc} modify-db-instance`,
      severity: 'high',
      what: 'changes the database instance',
      name: ['db-instance-identifier'],
      refine: (c) =>
        switchValue(c.args, 'deletion-protection') === false
          ? { note: 'to turn deletion protection off', words: words(c, 'no-deletion-protection') }
          : optionValue(c.args, 'backup-retention-period') === '0'
            ? { note: 'to turn automated backups off (and delete the existing ones)', words: words(c, 'backup-retention-period') }
            : null,
    },
    {
      tool: 'aws',
      path: `${svc} modify-db-cluster`,
      severity: 'high',
      what: 'changes the database cluster',
      name: ['db-cluster-identifier'],
      refine: (c) => (switchValue(c.args, 'deletion-protection') === false ? { note: 'to turn deletion protection off', words: words(c, 'no-deletion-protection') } : null),
    },
  ]),
  {
    tool: 'aws',
    path: 'ec2 modify-instance-attribute',
    severity: 'high',
    what: 'turns termination protection off for instance',
    name: ['instance-id'],
    refine: (c) => {
      if (switchValue(c.args, 'disable-api-termination') === false && c.args.options.has('no-disable-api-termination')) return { words: words(c, 'no-disable-api-termination') };
      if (jsonFalse(optionValue(c.args, 'disable-api-termination'), 'value')) return { words: words(c, 'disable-api-termination') };
      if (/^disableApiTermination$/i.test(optionValue(c.args, 'attribute') ?? '') && /^false$/i.test(optionValue(c.args, 'value') ?? '')) return {};
      return null;
    },
  },
  {
    tool: 'aws',
    path: 'cloudformation update-termination-protection',
    severity: 'high',
    what: 'turns termination protection off for stack',
    name: ['stack-name'],
    refine: (c) => (switchValue(c.args, 'enable-termination-protection') === false ? { words: words(c, 'no-enable-termination-protection') } : null),
  },
  {
    tool: 'aws',
    path: 's3api put-bucket-versioning',
    severity: 'high',
    what: 'suspends versioning on bucket',
    name: ['bucket'],
    refine: (c) => (/suspended/i.test(optionValue(c.args, 'versioning-configuration') ?? '') ? { note: '(overwritten and deleted objects stop being recoverable)' } : null),
  },
  {
    tool: 'aws',
    path: 'dynamodb update-table',
    severity: 'high',
    what: 'turns deletion protection off for DynamoDB table',
    name: ['table-name'],
    refine: (c) => (switchValue(c.args, 'deletion-protection-enabled') === false ? {} : null),
  },
  {
    tool: 'aws',
    path: 'dynamodb update-continuous-backups',
    severity: 'high',
    what: 'turns point-in-time recovery off for DynamoDB table',
    name: ['table-name'],
    refine: (c) => (jsonFalse(optionValue(c.args, 'point-in-time-recovery-specification'), 'PointInTimeRecoveryEnabled') ? {} : null),
  },
  {
    tool: 'aws',
    path: 'elbv2 modify-load-balancer-attributes',
    severity: 'medium',
    what: 'turns deletion protection off for load balancer',
    name: ['load-balancer-arn'],
    refine: (c) => (/deletion_protection\.enabled\s*,\s*Value=false|"deletion_protection\.enabled"\s*,\s*"Value"\s*:\s*"false"/i.test(optionValues(c.args, 'attributes').join(' ').slice(0, 4096)) ? {} : null),
  },
  { tool: 'aws', path: 'cloudtrail stop-logging', severity: 'high', what: 'stops CloudTrail audit logging for trail', name: ['name'] },
  { tool: 'aws', path: 'cloudtrail delete-trail', severity: 'high', what: 'deletes the CloudTrail audit trail', name: ['name'] },
  { tool: 'aws', path: 'guardduty delete-detector', severity: 'high', what: 'deletes the GuardDuty detector (threat detection stops):', name: ['detector-id'] },
  { tool: 'aws', path: 'config stop-configuration-recorder', severity: 'medium', what: 'stops the AWS Config recorder', name: ['configuration-recorder-name'] },
  {
    tool: 'gcloud',
    path: 'sql instances patch',
    severity: 'high',
    what: 'changes the Cloud SQL instance',
    refine: (c) =>
      switchValue(c.args, 'deletion-protection') === false
        ? { note: 'to turn deletion protection off' }
        : c.args.options.has('no-backup')
          ? { note: 'to turn automated backups off' }
          : null,
  },
  {
    tool: 'gcloud',
    path: 'compute instances update',
    severity: 'high',
    what: 'turns deletion protection off for VM',
    refine: (c) => (switchValue(c.args, 'deletion-protection') === false ? {} : null),
  },
  {
    tool: 'gcloud',
    path: 'storage buckets update',
    severity: 'high',
    what: 'changes the bucket',
    refine: (c) =>
      switchValue(c.args, 'versioning') === false
        ? { note: 'to turn object versioning off' }
        : c.args.options.has('clear-soft-delete')
          ? { note: 'to turn soft delete off' }
          : null,
  },
  { tool: 'az', path: 'lock delete', severity: 'high', what: 'removes the resource lock that prevents deletion:' },
  {
    tool: 'az',
    path: 'storage account blob-service-properties update',
    severity: 'high',
    what: 'changes blob protection of storage account',
    name: ['account-name', 'n'],
    refine: (c) => {
      const off = ['enable-delete-retention', 'enable-versioning', 'enable-container-delete-retention', 'enable-restore-policy'].filter((k) => /^false$/i.test(optionValue(c.args, k) ?? ''));
      return off.length ? { note: `to turn off ${off.map((k) => k.replace(/^enable-/, '')).join(', ')}` } : null;
    },
  },
];

function gsutilVersioningOff(cmd: SimpleCommand): RuleMatch | undefined {
  const g = gsutilCall(cmd);
  if (g.sub?.value !== 'versioning') return undefined;
  const [set, state, ...buckets] = g.args.positionals;
  if (set?.value !== 'set' || state?.value !== 'off') return undefined;
  return withProd(
    cmd,
    { severity: 'high', message: `turns object versioning off for ${buckets.map((b) => shown(b.value)).join(', ')} (overwritten and deleted objects stop being recoverable).`, span: spanFromProgram(cmd, [g.sub, set, state, ...buckets]) },
    buckets.map((b) => bucketOf(b.value)),
  );
}

const disableProtection: CommandRule = {
  id: 'CLD010',
  name: 'cloud-disable-protection',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(PROTECTION_OPS, [{ programs: ['gsutil'], subcommands: ['versioning'] }]),
  summary: 'Turns off a cloud safety switch: deletion or termination protection, versioning, backups, point-in-time recovery, audit logging, resource locks.',
  rationale:
    'Protection flags exist so that a later mistaken delete fails; switching one off is the first half of the deletion, and turning off versioning, backups or audit trails removes the ability to recover or to find out what happened.',
  alternative: 'Leave protection on; if a resource really must go, have a human turn protection off and delete it in one reviewed change.',
  examples: {
    fire: [
      'aws rds modify-db-instance --db-instance-identifier prod-db --no-deletion-protection --apply-immediately',
      'aws ec2 modify-instance-attribute --instance-id i-0abc --no-disable-api-termination',
      'aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name app',
      'aws s3api put-bucket-versioning --bucket data --versioning-configuration Status=Suspended',
      'gcloud sql instances patch prod-sql --no-deletion-protection',
    ],
    pass: [
      'aws rds modify-db-instance --db-instance-identifier prod-db --deletion-protection',
      'aws s3api put-bucket-versioning --bucket data --versioning-configuration Status=Enabled',
      'aws rds modify-db-instance --db-instance-identifier db --db-instance-class db.r6g.large',
      'gcloud sql instances patch prod-sql --deletion-protection',
    ],
  },
  check(cmd) {
    if (cmd.program === 'gsutil') return gsutilVersioningOff(cmd);
    return matchOps(cmd, PROTECTION_OPS);
  },
};

// ---------------------------------------------------------------------------------------------
// Hosted apps, sites and servers (PaaS and small-cloud CLIs)

interface HostedOp {
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

const named = (kind: string, target: string | undefined, fallback: string): string => (target ? `${kind} ${shown(target, 60)}` : fallback);

const HOSTED_OPS: readonly HostedOp[] = [
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

const deleteHosted: CommandRule = {
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

export const cloudPack: RulePack = {
  name: 'cloud',
  description: 'Deleting cloud databases, storage, volumes, clusters, stacks, projects, keys and secrets, hosted apps and sites, and turning off the protection that guards them.',
  rules: [deleteDatabase, deleteStorage, syncWithDelete, deleteVolume, deleteCluster, deleteCompute, deleteStack, deleteAccount, deleteKey, disableProtection, deleteHosted],
};
