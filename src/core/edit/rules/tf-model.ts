/**
 * The Terraform view of an HCL (or `.tf.json`) file: resources by address, `moved` and
 * `removed` blocks, and what the provider docs say about which resources hold data and which
 * attributes force a replacement.
 */
import { type HclAttr, type HclBlock, type HclFile, hclValue, type HclValue, isCall, isExpr, parseHcl } from '../../parsers/hcl';
import { type DocNode, parseJsonDoc } from '../../parsers/tree';
import type { FileView, Side } from '../view';

export interface TfAddressed {
  kind: 'resource' | 'data' | 'module';
  type: string;
  name: string;
  address: string;
  block: HclBlock;
}

export interface TfModel {
  text: string;
  byAddress: Map<string, TfAddressed>;
  /** `moved { from = A  to = B }` pairs. */
  moved: { from: string; to: string; block: HclBlock }[];
  /** `removed { from = A }` with whether its lifecycle says destroy = false. */
  removed: { from: string; forget: boolean; block: HclBlock }[];
  errors: { message: string; offset: number }[];
}

export function tfModel(view: FileView, side: Side, full = false): TfModel {
  return view.memo(`tf:${side}:${full}`, () => {
    const text = view.text(side);
    const file = view.kind === 'terraform-json' ? hclFromJson(text) : full ? view.hclFull(side) : view.hcl(side);
    return modelOf(text, file);
  });
}

export function modelOf(text: string, file: HclFile): TfModel {
  const byAddress = new Map<string, TfAddressed>();
  const moved: TfModel['moved'] = [];
  const removed: TfModel['removed'] = [];
  for (const b of file.blocks) {
    if ((b.type === 'resource' || b.type === 'data') && b.labels.length >= 2) {
      const address = `${b.type === 'data' ? 'data.' : ''}${b.labels[0]}.${b.labels[1]}`;
      byAddress.set(address, { kind: b.type, type: b.labels[0], name: b.labels[1], address, block: b });
    } else if (b.type === 'module' && b.labels.length >= 1) {
      const address = `module.${b.labels[0]}`;
      byAddress.set(address, { kind: 'module', type: 'module', name: b.labels[0], address, block: b });
    } else if (b.type === 'moved') {
      const from = exprText(text, attr(b, 'from'));
      const to = exprText(text, attr(b, 'to'));
      if (from && to) moved.push({ from, to, block: b });
    } else if (b.type === 'removed') {
      const from = exprText(text, attr(b, 'from'));
      const lc = sub(b, 'lifecycle')[0];
      const destroy = lc ? boolValue(text, attr(lc, 'destroy')) : undefined;
      if (from) removed.push({ from, forget: destroy === false, block: b });
    }
  }
  return { text, byAddress, moved, removed, errors: file.errors };
}

export function attr(block: HclBlock | undefined, name: string): HclAttr | undefined {
  if (!block) return undefined;
  for (const a of block.attrs) if (a.name === name) return a;
  return undefined;
}

export function sub(block: HclBlock | undefined, type: string): HclBlock[] {
  return block ? block.blocks.filter((b) => b.type === type) : [];
}

export function value(text: string, a: HclAttr | undefined): HclValue | undefined {
  return a ? hclValue(text, a.valueStart, a.valueEnd) : undefined;
}

/** The attribute's expression as written, whitespace collapsed; quotes of a plain string removed. */
export function exprText(text: string, a: HclAttr | undefined): string | undefined {
  if (!a) return undefined;
  const raw = text.slice(a.valueStart, a.valueEnd).trim();
  const v = raw.length > 1 && raw.startsWith('"') && raw.endsWith('"') && !raw.includes('${') ? raw.slice(1, -1) : raw;
  return v.replace(/\s+/g, ' ');
}

export function boolValue(text: string, a: HclAttr | undefined): boolean | undefined {
  const v = value(text, a);
  if (v === true || v === false) return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

export function numberValue(text: string, a: HclAttr | undefined): number | undefined {
  const v = value(text, a);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** The literal keys a `for_each` expression iterates over, or undefined when computed. */
export function forEachKeys(v: HclValue | undefined): string[] | undefined {
  if (v === undefined || v === null || isExpr(v)) return undefined;
  if (isCall(v)) {
    if ((v.$call === 'toset' || v.$call === 'tomap') && v.args.length === 1) return forEachKeys(v.args[0]);
    return undefined;
  }
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string' || typeof x === 'number') ? v.map(String) : undefined;
  if (typeof v === 'object') return Object.keys(v);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Provider knowledge

const STATEFUL_TYPES = new Set([
  'aws_db_instance', 'aws_rds_cluster', 'aws_rds_global_cluster', 'aws_dynamodb_table', 'aws_dynamodb_global_table', 'aws_s3_bucket',
  'aws_efs_file_system', 'aws_ebs_volume', 'aws_ebs_snapshot', 'aws_elasticache_cluster', 'aws_elasticache_replication_group',
  'aws_redshift_cluster', 'aws_redshiftserverless_namespace', 'aws_docdb_cluster', 'aws_neptune_cluster', 'aws_opensearch_domain', 'aws_elasticsearch_domain',
  'aws_kms_key', 'aws_secretsmanager_secret', 'aws_kinesis_stream', 'aws_sqs_queue', 'aws_msk_cluster', 'aws_backup_vault',
  'aws_glacier_vault', 'aws_cognito_user_pool', 'aws_route53_zone', 'aws_ecr_repository', 'aws_timestreamwrite_database',
  'aws_qldb_ledger', 'aws_memorydb_cluster', 'aws_keyspaces_table', 'aws_keyspaces_keyspace', 'aws_cloudwatch_log_group', 'aws_lightsail_database',
  'aws_fsx_lustre_file_system', 'aws_fsx_windows_file_system', 'aws_fsx_ontap_file_system', 'aws_fsx_openzfs_file_system', 'aws_db_cluster_snapshot',
  'aws_s3_object', 'aws_codecommit_repository', 'aws_organizations_account',
  'google_sql_database_instance', 'google_sql_database', 'google_storage_bucket', 'google_bigquery_dataset', 'google_bigquery_table',
  'google_spanner_instance', 'google_spanner_database', 'google_bigtable_instance', 'google_bigtable_table', 'google_firestore_database',
  'google_redis_instance', 'google_filestore_instance', 'google_compute_disk', 'google_kms_crypto_key', 'google_kms_key_ring',
  'google_project', 'google_secret_manager_secret', 'google_alloydb_cluster', 'google_dns_managed_zone', 'google_container_cluster',
  'azurerm_storage_account', 'azurerm_storage_container', 'azurerm_mssql_database', 'azurerm_mssql_server', 'azurerm_sql_database',
  'azurerm_postgresql_server', 'azurerm_postgresql_flexible_server', 'azurerm_mysql_server', 'azurerm_mysql_flexible_server',
  'azurerm_cosmosdb_account', 'azurerm_cosmosdb_sql_database', 'azurerm_cosmosdb_mongo_database', 'azurerm_key_vault', 'azurerm_managed_disk',
  'azurerm_resource_group', 'azurerm_redis_cache', 'azurerm_dns_zone', 'azurerm_recovery_services_vault', 'azurerm_data_lake_store',
  'kubernetes_persistent_volume', 'kubernetes_persistent_volume_claim', 'kubernetes_namespace', 'kubernetes_persistent_volume_v1',
  'kubernetes_persistent_volume_claim_v1', 'kubernetes_namespace_v1', 'digitalocean_database_cluster', 'digitalocean_volume',
  'digitalocean_spaces_bucket', 'mongodbatlas_cluster', 'mongodbatlas_advanced_cluster', 'github_repository', 'gitlab_project',
  'vault_mount', 'cloudflare_zone', 'tfe_workspace', 'snowflake_database', 'snowflake_table', 'snowflake_schema',
]);

const STATEFUL_PATTERN = /(_database$|_database_instance$|_db_instance$|_db_cluster$|_bucket$|_volume$|_disk$|_file_system$|_filesystem$|_key_vault$|_keyspace$|_storage_account$|_snapshot$)/;

export function isStateful(type: string): boolean {
  return STATEFUL_TYPES.has(type) || (STATEFUL_PATTERN.test(type) && !type.includes('route_table') && !type.includes('attachment') && !type.includes('policy'));
}

/** Attributes whose change makes the provider destroy and recreate the resource. */
const FORCE_NEW: Record<string, readonly string[]> = {
  aws_db_instance: ['engine', 'identifier', 'availability_zone', 'storage_encrypted', 'kms_key_id', 'db_name', 'name', 'username', 'character_set_name', 'snapshot_identifier', 'timezone'],
  aws_rds_cluster: ['engine', 'cluster_identifier', 'database_name', 'master_username', 'storage_encrypted', 'kms_key_id', 'engine_mode', 'snapshot_identifier', 'availability_zones'],
  aws_s3_bucket: ['bucket', 'bucket_prefix'],
  aws_dynamodb_table: ['name', 'hash_key', 'range_key'],
  aws_efs_file_system: ['creation_token', 'encrypted', 'kms_key_id', 'performance_mode', 'availability_zone_name'],
  aws_ebs_volume: ['availability_zone', 'encrypted', 'kms_key_id', 'snapshot_id'],
  aws_elasticache_cluster: ['cluster_id', 'engine', 'subnet_group_name', 'availability_zone'],
  aws_elasticache_replication_group: ['replication_group_id', 'at_rest_encryption_enabled', 'subnet_group_name'],
  aws_redshift_cluster: ['cluster_identifier', 'database_name', 'master_username'],
  aws_docdb_cluster: ['cluster_identifier', 'storage_encrypted', 'kms_key_id', 'master_username'],
  aws_neptune_cluster: ['cluster_identifier', 'storage_encrypted', 'kms_key_id'],
  aws_opensearch_domain: ['domain_name'],
  aws_elasticsearch_domain: ['domain_name'],
  aws_kinesis_stream: ['name'],
  aws_sqs_queue: ['name', 'fifo_queue'],
  aws_secretsmanager_secret: ['name'],
  aws_cloudwatch_log_group: ['name'],
  aws_ecr_repository: ['name'],
  aws_route53_zone: ['name'],
  aws_msk_cluster: ['cluster_name', 'kafka_version'],
  google_sql_database_instance: ['name', 'region', 'project'],
  google_sql_database: ['name', 'instance', 'project'],
  google_storage_bucket: ['name', 'location', 'project'],
  google_bigquery_dataset: ['dataset_id', 'location', 'project'],
  google_bigquery_table: ['table_id', 'dataset_id', 'project'],
  google_compute_disk: ['name', 'zone', 'type', 'image', 'snapshot'],
  google_spanner_instance: ['name', 'config'],
  google_spanner_database: ['name', 'instance'],
  google_redis_instance: ['name', 'region'],
  google_container_cluster: ['name', 'location'],
  kubernetes_persistent_volume_claim: ['storage_class_name'],
};

export function forceNewAttrs(type: string): readonly string[] {
  if (FORCE_NEW[type]) return FORCE_NEW[type];
  if (type.startsWith('azurerm_') && isStateful(type)) return ['name', 'location', 'resource_group_name'];
  return [];
}

// ---------------------------------------------------------------------------------------------
// `.tf.json`: the same blocks, read from JSON.

export function hclFromJson(text: string): HclFile {
  const { docs, errors } = parseJsonDoc(text);
  const root = docs[0];
  const blocks: HclBlock[] = [];
  if (root?.kind === 'map') {
    for (const e of root.entries) {
      const v = e.value;
      if (!v) continue;
      if ((e.key === 'resource' || e.key === 'data') && v.kind === 'map') {
        for (const t of v.entries) {
          if (t.value?.kind !== 'map') continue;
          for (const n of t.value.entries) {
            for (const body of bodies(n.value)) blocks.push(jsonBlock(e.key, [t.key, n.key], n.keyStart, body));
          }
        }
      } else if (e.key === 'module' && v.kind === 'map') {
        for (const n of v.entries) for (const body of bodies(n.value)) blocks.push(jsonBlock('module', [n.key], n.keyStart, body));
      } else if (e.key === 'moved' || e.key === 'removed') {
        for (const body of bodies(v)) blocks.push(jsonBlock(e.key, [], body.start, body));
      }
    }
  }
  return { blocks, attrs: [], errors };
}

function bodies(node: DocNode | undefined): DocNode[] {
  if (!node) return [];
  if (node.kind === 'map') return [node];
  if (node.kind === 'seq') return node.items.filter((i) => i.kind === 'map');
  return [];
}

function jsonBlock(type: string, labels: string[], start: number, body: DocNode): HclBlock {
  const block: HclBlock = { type, labels, start, end: body.end, bodyStart: body.start + 1, attrs: [], blocks: [] };
  if (body.kind !== 'map') return block;
  for (const e of body.entries) {
    if (!e.value) continue;
    if (e.value.kind === 'scalar' && typeof e.value.value === 'string' && /^\$\{.*\}$/s.test(e.value.value)) {
      // `"from": "${aws_x.a}"` style references: keep the inner expression.
      block.attrs.push({ name: e.key, start: e.keyStart, valueStart: e.value.start + 3, valueEnd: e.value.end - 2 });
    } else block.attrs.push({ name: e.key, start: e.keyStart, valueStart: e.value.start, valueEnd: e.value.end });
    for (const b of bodies(e.value)) if (b.kind === 'map') block.blocks.push(jsonBlock(e.key, [], e.keyStart, b));
  }
  return block;
}

/** Parses a standalone HCL text into a model (used for batch look-ups). */
export function modelOfText(text: string, json: boolean): TfModel {
  return modelOf(text, json ? hclFromJson(text) : parseHcl(text));
}
