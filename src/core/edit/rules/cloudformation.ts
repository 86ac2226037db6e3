/**
 * CloudFormation and SAM templates (YAML or JSON): resources by logical ID, their deletion and
 * replacement policies and protection switches, compared across the edit. CloudFormation
 * deletes a resource whose logical ID leaves the template, unless its DeletionPolicy keeps it.
 */
import { boolOf, type DocEntry, type DocMap, type DocNode, entry, get, items, scalar, toPlain } from '../../parsers/tree';
import type { EditMatch, EditRule } from '../rule';
import type { FileView, Side } from '../view';
import { defineRule, prodContext } from './helpers';

const CFN_FILES = ['**/*.yaml', '**/*.yml', '**/*.json', '**/*.template'];

export interface CfnResource {
  id: string;
  type: string;
  entry: DocEntry;
  node: DocMap;
  deletionPolicy?: string;
  updateReplacePolicy?: string;
}

/** Resources of a CloudFormation/SAM template, or an empty map for any other document. */
export function cfnResources(view: FileView, side: Side): Map<string, CfnResource> {
  return view.memo(`cfn:${side}`, () => {
    const out = new Map<string, CfnResource>();
    const text = view.text(side);
    if (!text.includes('Resources')) return out;
    for (const doc of view.docs(side).docs) {
      const res = get(doc, 'Resources');
      if (!res || res.kind !== 'map') continue;
      const looksCfn = entry(doc, 'AWSTemplateFormatVersion') || entry(doc, 'Transform') || res.entries.some((e) => /^(AWS|Alexa|Custom)::/.test(scalar(get(e.value, 'Type')) ?? ''));
      if (!looksCfn) continue;
      for (const e of res.entries) {
        if (e.value?.kind !== 'map') continue;
        const type = scalar(get(e.value, 'Type')) ?? '';
        out.set(e.key, { id: e.key, type, entry: e, node: e.value, deletionPolicy: scalar(get(e.value, 'DeletionPolicy')), updateReplacePolicy: scalar(get(e.value, 'UpdateReplacePolicy')) });
      }
    }
    return out;
  });
}

const STATEFUL = new Set([
  'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::RDS::GlobalCluster', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::S3::Bucket',
  'AWS::EFS::FileSystem', 'AWS::EC2::Volume', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup', 'AWS::Redshift::Cluster',
  'AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster', 'AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain', 'AWS::KMS::Key',
  'AWS::SecretsManager::Secret', 'AWS::Kinesis::Stream', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::Cognito::UserPool',
  'AWS::Route53::HostedZone', 'AWS::ECR::Repository', 'AWS::Backup::BackupVault', 'AWS::FSx::FileSystem', 'AWS::Timestream::Database',
  'AWS::QLDB::Ledger', 'AWS::MSK::Cluster', 'AWS::MemoryDB::Cluster', 'AWS::Serverless::SimpleTable', 'AWS::CodeCommit::Repository',
]);

export function isCfnStateful(type: string): boolean {
  return STATEFUL.has(type);
}

const KEEPS = new Set(['Retain', 'Snapshot', 'RetainExceptOnCreate']);

/** What happens on deletion when no DeletionPolicy is written. */
function defaultDeletionPolicy(r: CfnResource): string {
  if (r.type === 'AWS::RDS::DBCluster') return 'Snapshot';
  if (r.type === 'AWS::RDS::DBInstance' && !get(r.node, 'Properties', 'DBClusterIdentifier')) return 'Snapshot';
  return 'Delete';
}

function keySpan(e: DocEntry): { start: number; end: number } {
  return { start: e.keyStart, end: e.keyEnd };
}

function nodeSpan(n: DocNode | undefined, fallback: DocEntry): { start: number; end: number } {
  return n ? { start: n.start, end: n.end } : keySpan(fallback);
}

interface CfnRemoval {
  res: CfnResource;
  renamedTo?: CfnResource;
}

function cfnRemovals(view: FileView): CfnRemoval[] {
  return view.memo('cfn:removals', () => {
    if (view.status !== 'modified') return [];
    const b = cfnResources(view, 'before');
    const a = cfnResources(view, 'after');
    if (!b.size) return [];
    const added = [...a.values()].filter((r) => !b.has(r.id));
    const used = new Set<string>();
    const out: CfnRemoval[] = [];
    for (const r of b.values()) {
      if (a.has(r.id)) continue;
      const props = JSON.stringify(toPlain(get(r.node, 'Properties')));
      const same = added.filter((x) => x.type === r.type && !used.has(x.id));
      let renamedTo = same.find((x) => JSON.stringify(toPlain(get(x.node, 'Properties'))) === props);
      if (!renamedTo && same.length === 1) renamedTo = same[0];
      if (renamedTo) used.add(renamedTo.id);
      out.push({ res: r, renamedTo });
    }
    return out;
  });
}

export const cfnDeletionPolicyDelete = defineRule({
  id: 'CFN001',
  name: 'deletion-policy-to-delete',
  category: 'iac',
  severity: 'high',
  files: CFN_FILES,
  summary: 'DeletionPolicy or UpdateReplacePolicy goes from Retain/Snapshot to Delete (or is removed).',
  rationale: 'Retain and Snapshot are what keep a table, bucket or database (or a copy of it) when the stack deletes or replaces the resource. Switching to Delete means the data goes with the next removal or replacement.',
  alternative: 'Keep DeletionPolicy: Retain (or Snapshot) and UpdateReplacePolicy: Retain on stateful resources.',
  examples: {
    fire: [{ path: 'template.yaml', before: 'Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n', after: 'Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Delete\n' }],
    pass: [{ path: 'template.yaml', before: 'Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Delete\n', after: 'Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const b = cfnResources(view, 'before');
    const a = cfnResources(view, 'after');
    for (const [id, before] of b) {
      const after = a.get(id);
      if (!after) continue;
      for (const key of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
        const was = key === 'DeletionPolicy' ? before.deletionPolicy : before.updateReplacePolicy;
        if (!was || !KEEPS.has(was)) continue;
        const now = (key === 'DeletionPolicy' ? after.deletionPolicy : after.updateReplacePolicy) ?? (key === 'DeletionPolicy' ? defaultDeletionPolicy(after) : 'Delete');
        if (now !== 'Delete') continue;
        const e = entry(after.node, key);
        out.push({
          severity: isCfnStateful(after.type) || after.type === '' ? 'high' : 'medium',
          message: `${id} (${after.type}): ${key} ${was} → ${e ? 'Delete' : 'removed (defaults to Delete)'}; the data is deleted when the resource is ${key === 'DeletionPolicy' ? 'removed' : 'replaced'}`,
          afterSpan: e ? nodeSpan(e.value, e) : keySpan(after.entry),
          context: prodContext(view),
        });
      }
    }
    return out;
  },
});

export const cfnResourceRemoved = defineRule({
  id: 'CFN002',
  name: 'stateful-resource-removed',
  category: 'iac',
  severity: 'critical',
  files: CFN_FILES,
  summary: 'A stateful resource leaves the template without DeletionPolicy: Retain.',
  rationale: 'On the next stack update CloudFormation deletes every resource whose logical ID is no longer in the template. Unless its DeletionPolicy was Retain or Snapshot, a table or bucket goes with its data.',
  alternative: 'Set DeletionPolicy: Retain on the resource and deploy that first; then remove it from the template (it stays in the account, outside the stack).',
  examples: {
    fire: [{ path: 'stack.yaml', before: 'Resources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n  Topic:\n    Type: AWS::SNS::Topic\n', after: 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n' }],
    pass: [{ path: 'stack.yaml', before: 'Resources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n  Topic:\n    Type: AWS::SNS::Topic\n', after: 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const r of cfnRemovals(view)) {
      if (r.renamedTo || !isCfnStateful(r.res.type)) continue;
      const policy = r.res.deletionPolicy ?? defaultDeletionPolicy(r.res);
      if (KEEPS.has(policy)) continue;
      out.push({ message: `${r.res.id} (${r.res.type}) removed from the template; the next stack update deletes it and its data`, beforeSpan: keySpan(r.res.entry), context: prodContext(view) });
    }
    return out;
  },
});

export const cfnLogicalIdRenamed = defineRule({
  id: 'CFN003',
  name: 'logical-id-renamed',
  category: 'iac',
  severity: 'high',
  files: CFN_FILES,
  summary: 'A resource\'s logical ID changes, so CloudFormation replaces it.',
  rationale: 'CloudFormation identifies resources by logical ID. Renaming one creates a new resource and deletes the old one; for a table, bucket or database that is data loss disguised as a rename.',
  alternative: 'Keep the logical ID. If the rename is needed, retain the old resource (DeletionPolicy: Retain) and import it under the new ID with a resource import.',
  examples: {
    fire: [{ path: 'stack.yaml', before: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-data\n', after: 'Resources:\n  DataBucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-data\n' }],
    pass: [{ path: 'stack.yaml', before: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-data\n', after: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-data\n      Tags:\n        - Key: team\n          Value: data\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const r of cfnRemovals(view)) {
      if (!r.renamedTo) continue;
      const retained = KEEPS.has(r.res.deletionPolicy ?? defaultDeletionPolicy(r.res));
      const stateful = isCfnStateful(r.res.type);
      out.push({
        severity: stateful && !retained ? 'high' : 'low',
        message: `${r.res.id} renamed to ${r.renamedTo.id} (${r.res.type}); CloudFormation creates a new resource and ${retained ? 'retains' : 'deletes'} the old one`,
        afterSpan: keySpan(r.renamedTo.entry),
        beforeSpan: keySpan(r.res.entry),
        context: prodContext(view),
      });
    }
    return out;
  },
});

const PROTECTION_PROPS = ['DeletionProtection', 'DeletionProtectionEnabled', 'DisableApiTermination', 'EnableTerminationProtection', 'TerminationProtection'];

export const cfnProtectionOff = defineRule({
  id: 'CFN004',
  name: 'protection-off',
  category: 'iac',
  severity: 'high',
  files: CFN_FILES,
  summary: 'Deletion or termination protection is switched off.',
  rationale: 'DeletionProtection (RDS, DynamoDB, ELB), DisableApiTermination (EC2) and stack termination protection refuse deletes even when a template asks for them. Turning them off removes the safety net.',
  alternative: 'Keep protection on; disable it only in a reviewed change right before a planned deletion.',
  examples: {
    fire: [{ path: 'db.yaml', before: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DeletionProtection: true\n', after: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DeletionProtection: false\n' }],
    pass: [{ path: 'db.yaml', before: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DeletionProtection: false\n', after: 'Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      DeletionProtection: true\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const b = cfnResources(view, 'before');
    const a = cfnResources(view, 'after');
    for (const [id, before] of b) {
      const after = a.get(id);
      if (!after) continue;
      const bp = get(before.node, 'Properties');
      const ap = get(after.node, 'Properties');
      for (const key of PROTECTION_PROPS) {
        if (boolOf(get(bp, key)) !== true) continue;
        const e = entry(ap, key);
        const now = boolOf(e?.value);
        if (now === true) continue;
        out.push({ message: `${id}: ${key} ${e ? 'turned off' : 'removed'}`, afterSpan: e ? nodeSpan(e.value, e) : keySpan(after.entry), context: prodContext(view) });
      }
      // ELB: LoadBalancerAttributes [{Key: deletion_protection.enabled, Value: "true"}]
      const attrVal = (props: DocNode | undefined): DocNode | undefined => items(get(props, 'LoadBalancerAttributes')).find((x) => scalar(get(x, 'Key')) === 'deletion_protection.enabled');
      const wasAttr = attrVal(bp);
      if (wasAttr && scalar(get(wasAttr, 'Value')) === 'true') {
        const nowAttr = attrVal(ap);
        if (!nowAttr || scalar(get(nowAttr, 'Value')) !== 'true') {
          out.push({ message: `${id}: load balancer deletion_protection.enabled turned off`, afterSpan: nowAttr ? { start: nowAttr.start, end: nowAttr.end } : keySpan(after.entry), context: prodContext(view) });
        }
      }
    }
    return out;
  },
});

export const cfnBackupsDisabled = defineRule({
  id: 'CFN005',
  name: 'backups-disabled',
  category: 'iac',
  severity: 'high',
  files: CFN_FILES,
  summary: 'Backups, point-in-time recovery or bucket versioning are switched off.',
  rationale: 'BackupRetentionPeriod, PointInTimeRecovery and S3 versioning are the way back from a bad write or a deletion. Turning them off removes it.',
  alternative: 'Keep them on; shorten retention instead of disabling it if cost matters.',
  examples: {
    fire: [{ path: 'table.yaml', before: 'Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n', after: 'Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: false\n' }],
    pass: [{ path: 'table.yaml', before: 'Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PROVISIONED\n', after: 'Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const b = cfnResources(view, 'before');
    const a = cfnResources(view, 'after');
    for (const [id, before] of b) {
      const after = a.get(id);
      if (!after) continue;
      const bp = get(before.node, 'Properties');
      const ap = get(after.node, 'Properties');
      const wasRet = Number(scalar(get(bp, 'BackupRetentionPeriod')));
      const retEntry = entry(ap, 'BackupRetentionPeriod');
      if (wasRet > 0 && retEntry && Number(scalar(retEntry.value)) === 0) out.push({ message: `${id}: BackupRetentionPeriod set to 0; automated backups stop`, afterSpan: nodeSpan(retEntry.value, retEntry), context: prodContext(view) });
      if (boolOf(get(bp, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled')) === true && boolOf(get(ap, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled')) !== true) {
        const e = get(ap, 'PointInTimeRecoverySpecification');
        out.push({ message: `${id}: point-in-time recovery turned off`, afterSpan: e ? { start: e.start, end: e.end } : keySpan(after.entry), context: prodContext(view) });
      }
      if (scalar(get(bp, 'VersioningConfiguration', 'Status')) === 'Enabled') {
        const now = scalar(get(ap, 'VersioningConfiguration', 'Status'));
        if (now !== 'Enabled') {
          const e = get(ap, 'VersioningConfiguration');
          out.push({ message: `${id}: bucket versioning ${now ? `set to ${now}` : 'removed'}; deleted objects can no longer be recovered`, afterSpan: e ? { start: e.start, end: e.end } : keySpan(after.entry), context: prodContext(view) });
        }
      }
    }
    return out;
  },
});

export const CLOUDFORMATION_RULES: readonly EditRule[] = [cfnDeletionPolicyDelete, cfnResourceRemoved, cfnLogicalIdRenamed, cfnProtectionOff, cfnBackupsDisabled];
