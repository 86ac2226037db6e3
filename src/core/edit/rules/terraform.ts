/**
 * Terraform / OpenTofu: what the next `apply` would destroy because of this edit. Every rule
 * compares the two versions of a resource; a file that never had a protection is not this
 * edit's fault. `moved` blocks and `removed { lifecycle { destroy = false } }` are the safe
 * patterns and silence the removal rules.
 */
import type { HclBlock } from '../../parsers/hcl';
import type { EditMatch, EditRule } from '../rule';
import type { FileView } from '../view';
import { defineRule, prodContext } from './helpers';
import {
  attr,
  boolValue,
  exprText,
  forceNewAttrs,
  forEachKeys,
  isStateful,
  numberValue,
  sub,
  type TfAddressed,
  tfModel,
  value,
} from './tf-model';

const TF_FILES = ['**/*.tf', '**/*.tf.json', '**/*.tofu'];

interface Pair {
  address: string;
  before: TfAddressed;
  after: TfAddressed;
}

/** Resources present on both sides of the change (same address). */
function pairs(view: FileView): Pair[] {
  return view.memo('tf:pairs', () => {
    const b = tfModel(view, 'before');
    const a = tfModel(view, 'after');
    const out: Pair[] = [];
    for (const [address, before] of b.byAddress) {
      const after = a.byAddress.get(address);
      if (after && before.kind !== 'data') out.push({ address, before, after });
    }
    return out;
  });
}

function headerSpan(block: HclBlock): { start: number; end: number } {
  return { start: block.start, end: Math.max(block.start, block.bodyStart - 1) };
}

function attrSpan(block: HclBlock, name: string, fallback: HclBlock): { start: number; end: number } {
  const a = attr(block, name);
  return a ? { start: a.start, end: a.valueEnd } : headerSpan(fallback);
}

interface Removal {
  res: TfAddressed;
  /** The address it was renamed to (same type, no `moved` block), if it looks like a rename. */
  renamedTo?: TfAddressed;
}

/**
 * Addresses that leave the configuration and are not saved by a `moved` block, a
 * `removed { destroy = false }` block, or by appearing in another file of the same step.
 */
function removals(view: FileView): Removal[] {
  return view.memo('tf:removals', () => {
    const b = tfModel(view, 'before');
    const a = tfModel(view, 'after');
    const gone = [...b.byAddress.values()].filter((r) => r.kind !== 'data' && !a.byAddress.has(r.address));
    if (!gone.length) return [];
    const full = tfModel(view, 'after', true);
    const folder = view.dir;
    const batch = view.ctx.batch;
    const movedFrom = new Set(full.moved.map((m) => m.from));
    const forgotten = new Set(full.removed.filter((r) => r.forget).map((r) => r.from));
    for (const m of batch?.terraformMoved.get(folder) ?? []) movedFrom.add(m);
    for (const f of batch?.terraformForgotten.get(folder) ?? []) forgotten.add(f);
    const elsewhere = batch?.terraformAddresses.get(folder);
    const added = [...a.byAddress.values()].filter((r) => r.kind !== 'data' && !b.byAddress.has(r.address));
    const usedTargets = new Set<string>();
    const attrCache = new Map<HclBlock, Set<string>>();
    const addedByType = new Map<string, TfAddressed[]>();
    for (const r of added) {
      const k = `${r.kind}:${r.type}`;
      const list = addedByType.get(k);
      if (list) list.push(r);
      else addedByType.set(k, [r]);
    }
    const out: Removal[] = [];
    for (const res of gone) {
      if (movedFrom.has(res.address) || forgotten.has(res.address)) continue;
      // Declared in another file of the same folder in this step: moved between files, not removed.
      if (elsewhere?.has(res.address)) continue;
      const candidates = (addedByType.get(`${res.kind}:${res.type}`) ?? []).filter((r) => !usedTargets.has(r.address));
      let renamedTo: TfAddressed | undefined;
      if (candidates.length === 1) renamedTo = candidates[0];
      else if (candidates.length > 1) renamedTo = mostSimilar(b.text, res, a.text, candidates.slice(0, MAX_RENAME_CANDIDATES), attrCache);
      if (renamedTo) usedTargets.add(renamedTo.address);
      out.push({ res, renamedTo });
    }
    return out;
  });
}

/** Rename matching compares bodies; past this many same-type candidates it only looks at the first ones. */
const MAX_RENAME_CANDIDATES = 8;

function bodyText(text: string, block: HclBlock): string {
  return text.slice(block.bodyStart, block.end).replace(/\s+/g, ' ');
}

function mostSimilar(bt: string, res: TfAddressed, at: string, candidates: TfAddressed[], cache: Map<HclBlock, Set<string>>): TfAddressed | undefined {
  const body = attrSet(bt, res.block, cache);
  let best: TfAddressed | undefined;
  let bestScore = 0.5;
  for (const c of candidates) {
    const s = similarity(body, attrSet(at, c.block, cache));
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}

/** The block's `name = value` pairs, whitespace-normalised, computed once per block. */
function attrSet(text: string, block: HclBlock, cache: Map<HclBlock, Set<string>>): Set<string> {
  let s = cache.get(block);
  if (!s) {
    s = new Set(bodyText(text, block).split(/(?=\b[a-z_]+\s*=)/).map((x) => x.trim()));
    cache.set(block, s);
  }
  return s;
}

/** Share of attribute pairs in common (a Dice coefficient). */
function similarity(sa: Set<string>, sb: Set<string>): number {
  let common = 0;
  for (const x of sa) if (sb.has(x)) common++;
  return (2 * common) / Math.max(1, sa.size + sb.size);
}

function lifecycleBool(text: string, block: HclBlock, name: string): boolean | undefined {
  for (const lc of sub(block, 'lifecycle')) {
    const v = boolValue(text, attr(lc, name));
    if (v !== undefined) return v;
  }
  return undefined;
}

export const tfPreventDestroyRemoved = defineRule({
  id: 'TF001',
  name: 'prevent-destroy-removed',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: 'A resource loses `lifecycle { prevent_destroy = true }`.',
  rationale: 'prevent_destroy is the guard that makes Terraform refuse a plan that would destroy the resource. Removing it is the first step of every accidental destroy: the next change that forces replacement goes through.',
  alternative: 'Keep prevent_destroy; if the resource must really go, remove it in a reviewed change of its own, or use a `removed` block with `destroy = false` to stop managing it.',
  examples: {
    fire: [{ path: 'infra/db.tf', before: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n', after: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n' }],
    pass: [{ path: 'infra/db.tf', before: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n', after: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  instance_class = "db.t3.large"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const bt = view.before;
    const at = view.after;
    for (const p of pairs(view)) {
      if (lifecycleBool(bt, p.before.block, 'prevent_destroy') !== true) continue;
      const now = lifecycleBool(at, p.after.block, 'prevent_destroy');
      if (now === true) continue;
      const lc = sub(p.after.block, 'lifecycle')[0];
      const span = lc && attr(lc, 'prevent_destroy') ? attrSpan(lc, 'prevent_destroy', p.after.block) : headerSpan(p.after.block);
      out.push({
        message: `${p.address}: prevent_destroy ${now === false ? 'set to false' : 'removed'}; the next plan that replaces or deletes it will go through`,
        afterSpan: span,
        context: prodContext(view),
      });
    }
    return out;
  },
});

/** Protection switches: name, and whether leaving the attribute out means "off". */
const PROTECTION_ATTRS: { name: string; offWhen: 'false' | 'true'; absentIsOff: (type: string) => boolean }[] = [
  { name: 'deletion_protection', offWhen: 'false', absentIsOff: (t) => !t.startsWith('google_') },
  { name: 'deletion_protection_enabled', offWhen: 'false', absentIsOff: () => true },
  { name: 'enable_deletion_protection', offWhen: 'false', absentIsOff: () => true },
  { name: 'disable_api_termination', offWhen: 'false', absentIsOff: () => true },
  { name: 'termination_protection', offWhen: 'false', absentIsOff: () => true },
  { name: 'enable_termination_protection', offWhen: 'false', absentIsOff: () => true },
  { name: 'purge_protection_enabled', offWhen: 'false', absentIsOff: () => true },
  { name: 'prevent_deletion_if_contains_resources', offWhen: 'false', absentIsOff: () => false },
];

export const tfDeletionProtectionOff = defineRule({
  id: 'TF002',
  name: 'deletion-protection-off',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: 'Deletion or termination protection is switched off on an existing resource.',
  rationale: 'Cloud-side deletion protection (RDS, DynamoDB, load balancers, EC2 termination, Key Vault purge protection) stops a destroy even when Terraform plans one. Turning it off removes the last safety net.',
  alternative: 'Leave protection on. Turn it off only in a dedicated, reviewed change right before a planned deletion.',
  examples: {
    fire: [{ path: 'main.tf', before: 'resource "aws_db_instance" "db" {\n  deletion_protection = true\n}\n', after: 'resource "aws_db_instance" "db" {\n  deletion_protection = false\n}\n' }],
    pass: [
      { path: 'main.tf', before: 'resource "aws_db_instance" "db" {\n  deletion_protection = false\n}\n', after: 'resource "aws_db_instance" "db" {\n  deletion_protection = true\n}\n' },
      { path: 'main.tf', before: 'resource "google_sql_database_instance" "db" {\n  deletion_protection = true\n}\n', after: 'resource "google_sql_database_instance" "db" {\n  region = "europe-west1"\n}\n' },
    ],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const p of pairs(view)) {
      for (const spec of PROTECTION_ATTRS) {
        const was = boolValue(view.before, attr(p.before.block, spec.name));
        if (was !== true) continue;
        const a = attr(p.after.block, spec.name);
        const now = boolValue(view.after, a);
        const off = now === false || (a === undefined && spec.absentIsOff(p.after.type));
        if (!off) continue;
        out.push({
          message: `${p.address}: ${spec.name} ${a ? 'turned off' : 'removed (defaults to off)'}; the resource can now be deleted`,
          afterSpan: a ? { start: a.start, end: a.valueEnd } : headerSpan(p.after.block),
          beforeSpan: a ? undefined : attrSpan(p.before.block, spec.name, p.before.block),
          context: prodContext(view),
        });
      }
    }
    return out;
  },
});

const FORCE_ATTRS = ['force_destroy', 'force_delete', 'delete_contents_on_destroy', 'purge_on_delete', 'recursive_delete'];

export const tfForceDestroyOn = defineRule({
  id: 'TF003',
  name: 'force-destroy-on',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: '`force_destroy` (or a similar switch) is turned on for an existing bucket, repository or dataset.',
  rationale: 'Without force_destroy, Terraform cannot delete a bucket, registry or dataset that still holds data. Turning it on means the contents go with the container on the next destroy or replacement.',
  alternative: 'Empty or archive the data deliberately first, or keep force_destroy off and delete by hand after checking what is inside.',
  examples: {
    fire: [{ path: 'storage.tf', before: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n', after: 'resource "aws_s3_bucket" "logs" {\n  bucket        = "acme-logs"\n  force_destroy = true\n}\n' }],
    pass: [{ path: 'storage.tf', before: 'resource "aws_s3_bucket" "logs" {\n  bucket        = "acme-logs"\n  force_destroy = true\n}\n', after: 'resource "aws_s3_bucket" "logs" {\n  bucket        = "acme-logs"\n  force_destroy = false\n}\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const p of pairs(view)) {
      for (const name of FORCE_ATTRS) {
        if (boolValue(view.before, attr(p.before.block, name)) === true) continue;
        const a = attr(p.after.block, name);
        if (boolValue(view.after, a) !== true || !a) continue;
        out.push({ message: `${p.address}: ${name} turned on; destroying it will delete everything it holds`, afterSpan: { start: a.start, end: a.valueEnd }, context: prodContext(view) });
      }
    }
    return out;
  },
});

export const tfSkipFinalSnapshot = defineRule({
  id: 'TF004',
  name: 'skip-final-snapshot-on',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: '`skip_final_snapshot` is turned on for an existing database.',
  rationale: 'The final snapshot is the copy RDS, Redshift, DocumentDB and Neptune take when the database is deleted. Skipping it means a destroy leaves nothing to restore from.',
  alternative: 'Keep skip_final_snapshot = false and set final_snapshot_identifier.',
  examples: {
    fire: [{ path: 'db.tf', before: 'resource "aws_db_instance" "db" {\n  skip_final_snapshot = false\n}\n', after: 'resource "aws_db_instance" "db" {\n  skip_final_snapshot = true\n}\n' }],
    pass: [{ path: 'db.tf', before: 'resource "aws_db_instance" "db" {\n  skip_final_snapshot = true\n}\n', after: 'resource "aws_db_instance" "db" {\n  skip_final_snapshot       = false\n  final_snapshot_identifier = "db-final"\n}\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const p of pairs(view)) {
      if (boolValue(view.before, attr(p.before.block, 'skip_final_snapshot')) === true) continue;
      const a = attr(p.after.block, 'skip_final_snapshot');
      if (!a || boolValue(view.after, a) !== true) continue;
      out.push({ message: `${p.address}: skip_final_snapshot turned on; deleting it will keep no final snapshot`, afterSpan: { start: a.start, end: a.valueEnd }, context: prodContext(view) });
    }
    return out;
  },
});

export const tfBackupsDisabled = defineRule({
  id: 'TF005',
  name: 'backups-disabled',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: 'Backups, point-in-time recovery or versioning are switched off.',
  rationale: 'Backup retention, point-in-time recovery and object versioning are what make a bad write or a deletion recoverable. Disabling them does not destroy data today, but it removes the way back.',
  alternative: 'Keep backups and versioning on; lower the retention period instead of disabling it if cost is the concern.',
  examples: {
    fire: [
      { path: 'db.tf', before: 'resource "aws_db_instance" "db" {\n  backup_retention_period = 7\n}\n', after: 'resource "aws_db_instance" "db" {\n  backup_retention_period = 0\n}\n' },
      { path: 's3.tf', before: 'resource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n', after: 'resource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = "Suspended"\n  }\n}\n' },
    ],
    pass: [{ path: 'db.tf', before: 'resource "aws_db_instance" "db" {\n  backup_retention_period = 7\n}\n', after: 'resource "aws_db_instance" "db" {\n  backup_retention_period = 14\n}\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const bt = view.before;
    const at = view.after;
    for (const p of pairs(view)) {
      const ctx = prodContext(view);
      // Retention periods that drop to zero.
      for (const name of ['backup_retention_period', 'retention_period', 'backup_retention_days', 'snapshot_retention_limit']) {
        const was = numberValue(bt, attr(p.before.block, name));
        const a = attr(p.after.block, name);
        const now = numberValue(at, a);
        if (was !== undefined && was > 0 && (now === 0 || (a === undefined && name === 'backup_retention_period'))) {
          out.push({ message: `${p.address}: ${name} ${a ? 'set to 0' : 'removed (defaults to 0)'}; automated backups stop`, afterSpan: a ? { start: a.start, end: a.valueEnd } : headerSpan(p.after.block), context: ctx });
        }
      }
      // `enabled = true` inside versioning / point_in_time_recovery / backup_configuration blocks.
      for (const blockName of ['versioning', 'point_in_time_recovery', 'backup_configuration', 'backup', 'soft_delete_policy']) {
        const bb = sub(p.before.block, blockName)[0];
        if (!bb || boolValue(bt, attr(bb, 'enabled')) !== true) continue;
        const ab = sub(p.after.block, blockName)[0];
        const a = ab ? attr(ab, 'enabled') : undefined;
        const now = boolValue(at, a);
        if (now === true) continue;
        if (ab && now === undefined && !a) {
          out.push({ message: `${p.address}: ${blockName}.enabled removed; it defaults to off`, afterSpan: headerSpan(ab), context: ctx });
        } else if (!ab || now === false) {
          out.push({ message: `${p.address}: ${blockName} ${ab ? 'disabled' : 'block removed'}`, afterSpan: a ? { start: a.start, end: a.valueEnd } : headerSpan(p.after.block), context: ctx });
        }
      }
      for (const name of ['point_in_time_recovery_enabled', 'binary_log_enabled']) {
        if (boolValue(bt, attr(p.before.block, name)) !== true) continue;
        const a = attr(p.after.block, name);
        if (boolValue(at, a) === false) out.push({ message: `${p.address}: ${name} turned off`, afterSpan: { start: a!.start, end: a!.valueEnd }, context: ctx });
      }
      // aws_s3_bucket_versioning { versioning_configuration { status = "Enabled" } }
      const bv = sub(p.before.block, 'versioning_configuration')[0];
      if (bv && exprText(bt, attr(bv, 'status')) === 'Enabled') {
        const av = sub(p.after.block, 'versioning_configuration')[0];
        const s = av ? attr(av, 'status') : undefined;
        const now = exprText(at, s);
        if (now === 'Suspended' || now === 'Disabled' || !av) {
          out.push({ message: `${p.address}: bucket versioning ${now ? `set to ${now}` : 'configuration removed'}; overwritten and deleted objects can no longer be recovered`, afterSpan: s ? { start: s.start, end: s.valueEnd } : headerSpan(p.after.block), context: ctx });
        }
      }
    }
    // Removing an aws_s3_bucket_versioning resource suspends versioning.
    for (const r of removals(view)) {
      if (r.res.type !== 'aws_s3_bucket_versioning' || r.renamedTo) continue;
      out.push({ message: `${r.res.address} removed; destroying it suspends versioning on the bucket`, beforeSpan: headerSpan(r.res.block), context: prodContext(view) });
    }
    return out;
  },
});

export const tfStatefulResourceRemoved = defineRule({
  id: 'TF006',
  name: 'stateful-resource-removed',
  category: 'iac',
  severity: 'critical',
  files: TF_FILES,
  summary: 'A resource that holds data (database, bucket, volume, key, zone…) is removed from the configuration.',
  rationale: 'A static scanner sees nothing wrong in a file that no longer mentions the database. Terraform does: the next apply destroys it, together with its data. A `moved` block (rename) or `removed { lifecycle { destroy = false } }` (stop managing) are the safe ways to take a resource out of the configuration.',
  alternative: 'If the resource was renamed or moved to a module, add a `moved` block. If it should stay in the cloud but leave Terraform, use `removed { from = … lifecycle { destroy = false } }`.',
  examples: {
    fire: [{ path: 'db.tf', before: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n\nresource "aws_sns_topic" "t" {\n  name = "t"\n}\n', after: 'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n' }],
    pass: [
      { path: 'db.tf', before: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n', after: 'removed {\n  from = aws_db_instance.main\n  lifecycle {\n    destroy = false\n  }\n}\n' },
      { path: 'topic.tf', before: 'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n', after: '' },
    ],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const r of removals(view)) {
      if (r.renamedTo || r.res.kind !== 'resource' || !isStateful(r.res.type)) continue;
      const full = tfModel(view, 'after', true);
      const destroyBlock = full.removed.find((x) => x.from === r.res.address);
      out.push({
        message: `${r.res.address} removed from the configuration${destroyBlock ? ' with a `removed` block that destroys it' : ''}; the next apply destroys it and its data`,
        beforeSpan: headerSpan(r.res.block),
        afterSpan: destroyBlock ? headerSpan(destroyBlock.block) : undefined,
        context: prodContext(view),
      });
    }
    return out;
  },
});

export const tfRenamedWithoutMoved = defineRule({
  id: 'TF007',
  name: 'renamed-without-moved',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: 'A resource or module is renamed without a `moved` block, so Terraform plans destroy-and-create.',
  rationale: 'Terraform tracks resources by address. A new name without `moved { from = old  to = new }` means the old one is destroyed and an empty new one created; for a database or bucket that is data loss dressed up as a rename.',
  alternative: 'Add `moved { from = <old address>  to = <new address> }` next to the renamed block.',
  examples: {
    fire: [{ path: 's3.tf', before: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n', after: 'resource "aws_s3_bucket" "customer_data" {\n  bucket = "acme-data"\n}\n' }],
    pass: [{ path: 's3.tf', before: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n', after: 'resource "aws_s3_bucket" "customer_data" {\n  bucket = "acme-data"\n}\n\nmoved {\n  from = aws_s3_bucket.data\n  to   = aws_s3_bucket.customer_data\n}\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const r of removals(view)) {
      if (!r.renamedTo) continue;
      const stateful = r.res.kind === 'module' || isStateful(r.res.type);
      out.push({
        severity: stateful ? 'high' : 'low',
        message: `${r.res.address} renamed to ${r.renamedTo.address} without a moved block; Terraform will destroy the old ${stateful ? 'one and its data ' : 'one '}and create a new one`,
        afterSpan: headerSpan(r.renamedTo.block),
        beforeSpan: headerSpan(r.res.block),
        context: prodContext(view),
      });
    }
    return out;
  },
});

export const tfForceNewChanged = defineRule({
  id: 'TF008',
  name: 'force-new-attribute-changed',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: 'An attribute that forces replacement changes on a resource that holds data.',
  rationale: 'Changing a database engine, identifier, availability zone or encryption key, or a bucket name, cannot be done in place: the provider destroys the resource and creates a new, empty one.',
  alternative: 'Create the new resource beside the old one, migrate the data, then retire the old one in a separate change.',
  examples: {
    fire: [{ path: 'db.tf', before: 'resource "aws_db_instance" "db" {\n  identifier = "orders"\n  engine     = "postgres"\n}\n', after: 'resource "aws_db_instance" "db" {\n  identifier = "orders-v2"\n  engine     = "postgres"\n}\n' }],
    pass: [{ path: 'db.tf', before: 'resource "aws_db_instance" "db" {\n  identifier     = "orders"\n  instance_class = "db.t3.small"\n}\n', after: 'resource "aws_db_instance" "db" {\n  identifier     = "orders"\n  instance_class = "db.t3.large"\n}\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const p of pairs(view)) {
      if (p.before.kind !== 'resource' || !isStateful(p.before.type)) continue;
      for (const name of forceNewAttrs(p.before.type)) {
        const was = exprText(view.before, attr(p.before.block, name));
        const a = attr(p.after.block, name);
        const now = exprText(view.after, a);
        if (was === undefined || now === undefined || was === now || !a) continue;
        out.push({ message: `${p.address}: changing ${name} (${clip(was)} → ${clip(now)}) forces replacement; the existing data is destroyed`, afterSpan: { start: a.start, end: a.valueEnd }, context: prodContext(view) });
      }
    }
    return out;
  },
});

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

export const tfCountShrinks = defineRule({
  id: 'TF009',
  name: 'count-or-for-each-shrinks',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: '`count` goes down or `for_each` loses keys, so the instances that fall off are destroyed.',
  rationale: 'Every index beyond the new count and every key no longer in for_each is an instance Terraform destroys. For stateful resources that is data.',
  alternative: 'Check which instances disappear in `terraform plan`; move the ones to keep with `moved` blocks, or keep them with `removed { destroy = false }`.',
  examples: {
    fire: [{ path: 'disks.tf', before: 'resource "aws_ebs_volume" "data" {\n  count = 3\n  size  = 100\n}\n', after: 'resource "aws_ebs_volume" "data" {\n  count = 1\n  size  = 100\n}\n' }],
    pass: [{ path: 'disks.tf', before: 'resource "aws_ebs_volume" "data" {\n  count = 1\n  size  = 100\n}\n', after: 'resource "aws_ebs_volume" "data" {\n  count = 3\n  size  = 100\n}\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const p of pairs(view)) {
      const sev = p.before.kind === 'module' || isStateful(p.before.type) ? 'high' : 'medium';
      const bc = attr(p.before.block, 'count');
      const ac = attr(p.after.block, 'count');
      if (bc) {
        const was = numberValue(view.before, bc);
        const now = ac ? numberValue(view.after, ac) : 1;
        if (was !== undefined && now !== undefined && now < was) {
          out.push({ severity: sev, message: `${p.address}: count ${was} → ${now}; ${was - now} instance${was - now === 1 ? '' : 's'} will be destroyed`, afterSpan: ac ? { start: ac.start, end: ac.valueEnd } : headerSpan(p.after.block), context: prodContext(view) });
        }
      }
      const bf = attr(p.before.block, 'for_each');
      const af = attr(p.after.block, 'for_each');
      if (bf && af) {
        const was = forEachKeys(value(view.before, bf));
        const now = forEachKeys(value(view.after, af));
        if (was && now) {
          const lost = was.filter((k) => !now.includes(k));
          if (lost.length) {
            out.push({ severity: sev, message: `${p.address}: for_each no longer has ${lost.slice(0, 5).map((k) => `"${k}"`).join(', ')}${lost.length > 5 ? '…' : ''}; those instances will be destroyed`, afterSpan: { start: af.start, end: af.valueEnd }, context: prodContext(view) });
          }
        }
      }
    }
    return out;
  },
});

export const tfStateDestroyed = defineRule({
  id: 'TF010',
  name: 'state-file-destroyed',
  category: 'iac',
  severity: 'critical',
  files: ['**/*.tfstate', '**/*.tfstate.backup'],
  summary: 'A local Terraform state file is deleted, emptied or loses resources.',
  rationale: 'State is how Terraform knows what it manages. Without it, Terraform forgets every resource (the next apply tries to create duplicates) or, if resources are cut out of it, loses track of them.',
  alternative: 'Move state with `terraform state mv` / `terraform state rm`, or migrate it to a remote backend with `terraform init -migrate-state`; never edit it by hand.',
  examples: {
    fire: [{ path: 'terraform.tfstate', before: '{"version": 4, "serial": 3, "resources": [{"type": "aws_db_instance", "name": "db"}]}\n' }],
    pass: [{ path: 'terraform.tfstate', before: '{"version": 4, "serial": 3, "resources": [{"type": "aws_db_instance", "name": "db"}]}\n', after: '{"version": 4, "serial": 4, "resources": [{"type": "aws_db_instance", "name": "db"}]}\n' }],
  },
  check(view) {
    const count = (t: string): number => (t.match(/"type"\s*:/g) ?? []).length;
    const was = count(view.before);
    if (view.status === 'added') return [];
    if (view.status === 'deleted' || !view.after.trim()) {
      return [{ message: `${view.base} ${view.status === 'deleted' ? 'deleted' : 'emptied'}; Terraform loses track of ${was} resource${was === 1 ? '' : 's'}`, beforeSpan: { start: 0, end: Math.min(view.before.length, 1) } }];
    }
    const now = count(view.after);
    if (now < was) return [{ severity: 'high', message: `state edited by hand: ${was - now} resource entr${was - now === 1 ? 'y' : 'ies'} removed`, afterSpan: { start: 0, end: Math.min(view.after.length, 1) } }];
    return [];
  },
});

export const tfModuleRemoved = defineRule({
  id: 'TF011',
  name: 'module-removed',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: 'A module call is removed without a `moved` block.',
  rationale: 'Removing a module block destroys every resource the module manages, which may include databases and buckets that are not visible in this file.',
  alternative: 'If the module was renamed, add `moved { from = module.old  to = module.new }`; check `terraform plan` for what it would destroy.',
  examples: {
    fire: [{ path: 'main.tf', before: 'module "database" {\n  source = "./modules/db"\n}\n\nmodule "web" {\n  source = "./modules/web"\n}\n', after: 'module "web" {\n  source = "./modules/web"\n}\n' }],
    pass: [{ path: 'main.tf', before: 'module "database" {\n  source = "./modules/db"\n}\n', after: 'module "db" {\n  source = "./modules/db"\n}\n\nmoved {\n  from = module.database\n  to   = module.db\n}\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const r of removals(view)) {
      if (r.res.kind !== 'module' || r.renamedTo) continue;
      out.push({ message: `${r.res.address} removed; every resource it manages will be destroyed`, beforeSpan: headerSpan(r.res.block), context: prodContext(view) });
    }
    return out;
  },
});

export const TERRAFORM_RULES: readonly EditRule[] = [
  tfPreventDestroyRemoved,
  tfDeletionProtectionOff,
  tfForceDestroyOn,
  tfSkipFinalSnapshot,
  tfBackupsDisabled,
  tfStatefulResourceRemoved,
  tfRenamedWithoutMoved,
  tfForceNewChanged,
  tfCountShrinks,
  tfStateDestroyed,
  tfModuleRemoved,
];
