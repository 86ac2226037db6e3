/**
 * What a Terraform or OpenTofu destroy would delete, from local state: the managed resources in
 * `terraform.tfstate` (or `terraform.tfstate.d/<workspace>/terraform.tfstate`), naming those that
 * hold data. Read through the environment reader (regular files, bounded); a remote backend's
 * state is not on disk, so then nothing is said. Pure: the reader fetches, this parses.
 */
import { normalizePath } from '../path-text';
import type { EnvironmentReader } from '../types';

/** Resource types that hold data a destroy deletes with them (databases, buckets, volumes, queues, keys). */
const STATEFUL =
  /^(aws_(db_instance|rds_cluster|rds_cluster_instance|docdb_cluster|neptune_cluster|redshift_cluster|dynamodb_table|s3_bucket|ebs_volume|efs_file_system|fsx_\w+|elasticache_(cluster|replication_group)|memorydb_cluster|opensearch_domain|elasticsearch_domain|kinesis_stream|sqs_queue|kms_key|secretsmanager_secret|backup_vault|timestream_database|qldb_ledger|keyspaces_table)|google_(sql_database_instance|sql_database|storage_bucket|bigquery_dataset|bigquery_table|spanner_instance|spanner_database|bigtable_instance|firestore_database|compute_disk|filestore_instance|redis_instance|kms_crypto_key|secret_manager_secret)|azurerm_(storage_account|storage_container|\w*sql\w*_(server|database)|cosmosdb_\w+|managed_disk|redis_cache|key_vault|postgresql_\w+|mysql_\w+|mssql_\w+)|kubernetes_persistent_volume(_claim)?(_v1)?|digitalocean_(database_cluster|volume|spaces_bucket)|(postgresql|mysql)_database|mongodbatlas_(cluster|advanced_cluster)|cloudflare_r2_bucket)$/;

export interface StateResources {
  /** Where the state was read. */
  file: string;
  /** Managed resources (data sources left out). */
  resources: number;
  /** Addresses of the stateful ones (`aws_db_instance.main`, `module.db.aws_rds_cluster.this`). */
  stateful: string[];
}

const MAX_RESOURCES = 10_000;

/** The folder's state, when it is local; undefined when it is remote, missing or unreadable. */
export function localState(reader: EnvironmentReader, dir: string, workspace?: string): StateResources | undefined {
  const root = normalizePath(dir);
  // A configured backend other than local keeps the state elsewhere: the local file, if any, is stale.
  const backend = reader.file(`${root}/.terraform/terraform.tfstate`);
  if ('text' in backend && !/"type"\s*:\s*"local"/.test(backend.text) && /"backend"\s*:/.test(backend.text)) return undefined;
  const envFile = reader.file(`${root}/.terraform/environment`);
  const ws = workspace ?? (('text' in envFile ? envFile.text.trim() : '') || 'default');
  if (/[/\\]|^\.\.?$/.test(ws) || ws.includes('\u0000')) return undefined;
  const file = ws !== 'default' ? `${root}/terraform.tfstate.d/${ws}/terraform.tfstate` : `${root}/terraform.tfstate`;
  const read = reader.file(file);
  if (!('text' in read)) return undefined;
  let state: unknown;
  try {
    state = JSON.parse(read.text);
  } catch {
    return undefined;
  }
  const list = (state as { resources?: unknown }).resources;
  if (!Array.isArray(list)) return undefined;
  let resources = 0;
  const stateful: string[] = [];
  for (const r of list.slice(0, MAX_RESOURCES) as unknown[]) {
    if (!r || typeof r !== 'object') continue;
    const { mode, type, name, module, instances } = r as { mode?: unknown; type?: unknown; name?: unknown; module?: unknown; instances?: unknown };
    if (mode !== 'managed' || typeof type !== 'string' || typeof name !== 'string') continue;
    const n = Array.isArray(instances) ? instances.length : 1;
    resources += n;
    if (n && STATEFUL.test(type) && stateful.length < 50) stateful.push(`${typeof module === 'string' ? `${module}.` : ''}${type}.${name}`);
  }
  return { file, resources, stateful };
}

/** "; local state holds 12 resources, 2 of them holding data: aws_db_instance.main, aws_s3_bucket.assets". */
export function describeState(s: StateResources): string {
  const n = `${s.resources} ${s.resources === 1 ? 'resource' : 'resources'}`;
  if (!s.stateful.length) return `; its local state holds ${n}, none of a type that holds data`;
  const shown = s.stateful.slice(0, 4).join(', ');
  return `; its local state holds ${n}, ${s.stateful.length} of them holding data: ${shown}${s.stateful.length > 4 ? ` and ${s.stateful.length - 4} more` : ''}`;
}

/** The resource type of an address (`module.db.aws_rds_cluster.this["a"]` → `aws_rds_cluster`), if it names a managed resource. */
export function addressType(address: string): string | undefined {
  const parts = address.replace(/\[[^\]]*\]/g, '').split('.');
  let i = 0;
  while (parts[i] === 'module' && parts.length - i > 2) i += 2;
  return parts.length - i === 2 && parts[i] !== 'data' ? parts[i] : undefined;
}

/** True for resource types that hold data a destroy or replacement deletes with them. */
export function holdsData(type: string): boolean {
  return STATEFUL.test(type);
}
