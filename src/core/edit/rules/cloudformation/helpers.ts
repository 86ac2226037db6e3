/**
 * What several cloudformation rules share.
 */
import { type DocEntry, type DocMap, type DocNode, entry, get, scalar, toPlain } from '../../../parsers/tree';
import type { Span } from '../../../types';
import type { FileView, Side } from '../../view';
import { changedLineIn, survivingSpan } from '../helpers';

export const CFN_FILES = ['**/*.yaml', '**/*.yml', '**/*.json', '**/*.template'];

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

export const KEEPS = new Set(['Retain', 'Snapshot', 'RetainExceptOnCreate']);

/** What happens on deletion when no DeletionPolicy is written. */
export function defaultDeletionPolicy(r: CfnResource): string {
  if (r.type === 'AWS::RDS::DBCluster') return 'Snapshot';
  if (r.type === 'AWS::RDS::DBInstance' && !get(r.node, 'Properties', 'DBClusterIdentifier')) return 'Snapshot';
  return 'Delete';
}

export function keySpan(e: DocEntry): { start: number; end: number } {
  return { start: e.keyStart, end: e.keyEnd };
}

export function nodeSpan(n: DocNode | undefined, fallback: DocEntry): { start: number; end: number } {
  return n ? { start: n.start, end: n.end } : keySpan(fallback);
}

/**
 * A finding about a property or attribute (`was`, in the before text) that the resource no longer
 * has: on the line of the resource that now stands where it was (not its logical id), pointing at
 * the removed text in the last version. With `now` (what is left of it, such as a specification
 * map that lost its switch), on the line of it the change touched.
 */
export function goneFromResource(view: FileView, was: DocEntry | DocNode | undefined, after: CfnResource, now?: DocNode): { afterSpan: Span; beforeSpan?: Span } {
  if (now) return { afterSpan: changedLineIn(view, { start: now.start, end: now.end }) };
  if (!was) return { afterSpan: keySpan(after.entry) };
  const start = 'keyStart' in was ? was.keyStart : was.start;
  const end = 'keyStart' in was ? (was.value?.end ?? was.keyEnd) : was.end;
  return { afterSpan: survivingSpan(view, start, { start: after.entry.keyStart, end: after.node.end }), beforeSpan: { start, end } };
}

interface CfnRemoval {
  res: CfnResource;
  renamedTo?: CfnResource;
}

export function cfnRemovals(view: FileView): CfnRemoval[] {
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
