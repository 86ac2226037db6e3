import { kindName } from '../../plain-text';
import type { SimpleCommand } from '../../shell/model';
import type { Severity } from '../../types';
import { looksProduction, optionValue, parseArgs, productionContext, raised, shown, targetAssignments } from '../cli-options';
import type { CloudCall } from '../cloud-cli';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { type CloudOp, matchOps, on, opTriggers, type Refinement, words } from './helpers';

/** Final-snapshot handling shared by RDS, DocumentDB, Neptune and Lightsail. */
function skipFinalSnapshot(option = 'skip-final-snapshot'): (c: CloudCall) => Refinement | undefined {
  return (c) => (on(c, option) ? { severity: 'critical', note: 'with no final snapshot, so nothing is left to restore from', words: words(c, option) } : undefined);
}

// ---------------------------------------------------------------------------------------------
// Databases

export const DATABASE_OPS: readonly CloudOp[] = [
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
  { tool: 'aws', path: 'memorydb delete-cluster', severity: 'high', what: 'deletes the MemoryDB cluster', name: ['cluster-name'] },
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
    message: `deletes the ${kindName(`BigQuery ${what}`, shown(target.value))}${prod ? '; the target looks like production' : ''}.`,
    span: spanFromProgram(cmd, [sub, target]),
    context: productionContext(prod),
  };
}

export const cloudDeleteDatabase: CommandRule = {
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
