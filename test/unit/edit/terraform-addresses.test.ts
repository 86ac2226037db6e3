/**
 * Terraform address changes that destroy and recreate: instance keys, count index shifts, moves
 * across module boundaries, and the `moved` / `removed` blocks that make them safe.
 */
import assert from 'node:assert/strict';
import { evaluateBatch, evaluateEdit } from '../../../src/core/edit/engine';
import type { FileChange } from '../../../src/core/edit/types';
import { hclValue } from '../../../src/core/parsers/hcl';

function ids(changes: FileChange[]): string[] {
  const res = evaluateBatch(changes);
  return res.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.range.start.line + 1}:${x.ruleId}:${x.severity}`));
}

const bucket = 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n';
const role = 'resource "aws_iam_role" "app" {\n  name = "app"\n}\n';
const call = (name: string, source: string) => `module "${name}" {\n  source = "${source}"\n}\n`;

describe('hcl values', () => {
  it('reads an object whose elements are separated by newlines, as HCL writes them', () => {
    const text = 'x = {\n  logs = "acme-logs"\n  data = { retention = 30 }\n  list = [\n    "a",\n    "b",\n  ]\n}\n';
    assert.deepEqual(hclValue(text, 4, text.length - 1), { logs: 'acme-logs', data: { retention: 30 }, list: ['a', 'b'] });
  });

  it('keeps a computed element as an expression without swallowing the next one', () => {
    const text = '{\n  a = var.x\n  b = 2\n}';
    assert.deepEqual(hclValue(text, 0, text.length), { a: { $expr: 'var.x' }, b: 2 });
  });
});

describe('terraform: moved across module boundaries', () => {
  it('a stateful resource moved into a called module without `moved` is TF014 (not TF006 removed)', () => {
    assert.deepEqual(ids([{ path: 'main.tf', before: bucket, after: call('storage', './modules/storage') }, { path: 'modules/storage/main.tf', before: undefined, after: bucket }]), ['main.tf:1:TF014:critical']);
  });

  it('the same move with `moved { from = aws_s3_bucket.data  to = module.storage.aws_s3_bucket.data }` is quiet', () => {
    const after = `${call('storage', './modules/storage')}\nmoved {\n  from = aws_s3_bucket.data\n  to   = module.storage.aws_s3_bucket.data\n}\n`;
    assert.deepEqual(ids([{ path: 'main.tf', before: bucket, after }, { path: 'modules/storage/main.tf', before: undefined, after: bucket }]), []);
  });

  it('a resource taken out of a module into its caller needs the caller\'s `moved` block', () => {
    const module = { path: 'infra/modules/storage/main.tf', before: `${bucket}${role}`, after: role };
    const root = (extra: string): FileChange => ({ path: 'infra/main.tf', before: call('storage', './modules/storage'), after: `${call('storage', './modules/storage')}${bucket}${extra}` });
    assert.deepEqual(ids([module, root('')]), ['infra/modules/storage/main.tf:1:TF014:critical']);
    // Before the fix, TF006 reported the bucket as removed even with the caller's moved block.
    assert.deepEqual(ids([module, root('moved {\n  from = module.storage.aws_s3_bucket.data\n  to   = aws_s3_bucket.data\n}\n')]), []);
  });

  it('a move between two modules the same caller uses is covered by the caller\'s `moved` block, instance keys included', () => {
    const a = { path: 'modules/a/main.tf', before: bucket, after: '' };
    const b = { path: 'modules/b/main.tf', before: undefined, after: bucket };
    const calls = `${call('a', './modules/a')}${call('b', './modules/b')}`;
    assert.deepEqual(ids([a, b, { path: 'main.tf', before: calls, after: `${calls} ` }]), ['modules/a/main.tf:1:TF014:critical']);
    const moved = `${calls}moved {\n  from = module.a["eu"].aws_s3_bucket.data\n  to   = module.b.aws_s3_bucket.data\n}\n`;
    assert.deepEqual(ids([a, b, { path: 'main.tf', before: calls, after: moved }]), []);
  });

  it('a resource that is not stateful moved into a module is low', () => {
    assert.deepEqual(ids([{ path: 'main.tf', before: role, after: call('iam', './modules/iam') }, { path: 'modules/iam/main.tf', before: undefined, after: role }]), ['main.tf:1:TF014:low']);
  });

  it('a registry module is not a folder of the step: a removal stays a removal', () => {
    assert.deepEqual(ids([{ path: 'main.tf', before: bucket, after: call('storage', 'terraform-aws-modules/s3-bucket/aws') }]), ['main.tf:1:TF006:critical']);
  });
});

describe('terraform: instance keys', () => {
  it('for_each keys behind local.x are read from the locals of the same file', () => {
    const file = (keys: string) => `locals {\n  buckets = {\n${keys}  }\n}\n\nresource "aws_s3_bucket" "b" {\n  for_each = local.buckets\n  bucket   = each.value\n}\n`;
    const res = evaluateEdit({ path: 'main.tf', before: file('    logs = "acme-logs"\n    data = "acme-data"\n'), after: file('    logs = "acme-logs"\n') });
    assert.deepEqual(res.findings.map((f) => [f.ruleId, f.message]), [['TF009', 'aws_s3_bucket.b: for_each no longer has ["data"]; those instances will be destroyed']]);
  });

  it('for_each keys behind var.x are read from the default in another file of the same folder in the step', () => {
    const vars = (keys: string) => `variable "queues" {\n  default = [${keys}]\n}\n`;
    const main = 'resource "aws_sqs_queue" "q" {\n  for_each = toset(var.queues)\n  name     = each.key\n}\n';
    const step: FileChange[] = [
      { path: 'infra/variables.tf', before: vars('"a", "b"'), after: vars('"a"') },
      { path: 'infra/main.tf', before: main, after: main.replace('each.key', 'each.key # renamed') },
      // The same variable in another folder says nothing about infra/.
      { path: 'other/variables.tf', before: vars('"a", "b", "c"'), after: vars('"a", "b", "c"') },
    ];
    assert.deepEqual(ids(step), ['infra/main.tf:2:TF009:high']);
  });

  it('a count shrink whose dropped indices are moved elsewhere is quiet', () => {
    const before = 'resource "aws_ebs_volume" "v" {\n  count = 3\n  size  = 10\n}\n';
    const after = 'resource "aws_ebs_volume" "v" {\n  count = 2\n  size  = 10\n}\n\nresource "aws_ebs_volume" "archive" {\n  size = 10\n}\n\nmoved {\n  from = aws_ebs_volume.v[2]\n  to   = aws_ebs_volume.archive\n}\n';
    assert.deepEqual(evaluateEdit({ path: 'v.tf', before, after }).findings.map((f) => f.ruleId), []);
    assert.deepEqual(evaluateEdit({ path: 'v.tf', before, after: after.replace(/moved \{[\s\S]*$/, '') }).findings.map((f) => f.ruleId), ['TF009']);
  });

  it('count → for_each names every index that loses its object, and is not reported as a count shrink', () => {
    const before = 'resource "aws_sqs_queue" "q" {\n  count      = 3\n  fifo_queue = false\n}\n';
    const after = 'resource "aws_sqs_queue" "q" {\n  for_each   = toset(["a", "b", "c"])\n  fifo_queue = false\n}\n\nmoved {\n  from = aws_sqs_queue.q[0]\n  to   = aws_sqs_queue.q["a"]\n}\n';
    const res = evaluateEdit({ path: 'q.tf', before, after });
    assert.deepEqual(res.findings.map((f) => [f.ruleId, f.severity]), [['TF012', 'high']]);
    assert.match(res.findings[0].message, /destroys aws_sqs_queue\.q\[1\], aws_sqs_queue\.q\[2\] and creates new ones/);
  });

  it('removing count keeps index 0 (Terraform moves it), so only what fell off is reported, by TF009', () => {
    const before = 'resource "aws_sqs_queue" "q" {\n  count = 2\n  name  = "q"\n}\n';
    const res = evaluateEdit({ path: 'q.tf', before, after: 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n' });
    assert.deepEqual(res.findings.map((f) => f.ruleId), ['TF009']);
  });

  it('a count list reordered shifts instances; the same list with one element edited in place does not', () => {
    const file = (list: string) => `locals {\n  zones = [${list}]\n}\n\nresource "aws_subnet" "s" {\n  count             = length(local.zones)\n  availability_zone = local.zones[count.index]\n}\n`;
    assert.deepEqual(evaluateEdit({ path: 'n.tf', before: file('"a", "b", "c"'), after: file('"c", "a", "b"') }).findings.map((f) => f.ruleId), ['TF013']);
    assert.deepEqual(evaluateEdit({ path: 'n.tf', before: file('"a", "b", "c"'), after: file('"a", "x", "c"') }).findings.map((f) => f.ruleId), []);
  });

  it('a count list used only for its length: a middle removal destroys one instance, it does not shift attributes', () => {
    const file = (list: string) => `locals {\n  workers = [${list}]\n}\n\nresource "aws_instance" "w" {\n  count         = length(local.workers)\n  instance_type = "t3.small"\n}\n`;
    const res = evaluateEdit({ path: 'w.tf', before: file('"a", "b", "c"'), after: file('"a", "c"') });
    assert.deepEqual(res.findings.map((f) => f.message), ['aws_instance.w: local.workers shrinks from 3 to 2; aws_instance.w[2] will be destroyed']);
  });
});

describe('terraform: renamed while moving to another file of the folder', () => {
  const db = (name: string) => `resource "aws_db_instance" "${name}" {\n  identifier = "orders"\n  engine     = "postgres"\n}\n`;

  it('is TF007 (a rename), not TF006 (a removal); a moved block in the new file makes it quiet', () => {
    assert.deepEqual(ids([{ path: 'infra/main.tf', before: db('main'), after: '' }, { path: 'infra/database.tf', before: undefined, after: db('orders') }]), ['infra/main.tf:1:TF007:high']);
    const moved = `${db('orders')}\nmoved {\n  from = aws_db_instance.main\n  to   = aws_db_instance.orders\n}\n`;
    assert.deepEqual(ids([{ path: 'infra/main.tf', before: db('main'), after: '' }, { path: 'infra/database.tf', before: undefined, after: moved }]), []);
  });

  it('an unrelated resource of the same type added in another file leaves the removal a removal', () => {
    const other = 'resource "aws_db_instance" "analytics" {\n  identifier = "analytics"\n  engine     = "mysql"\n  storage_encrypted = true\n}\n';
    assert.deepEqual(ids([{ path: 'infra/main.tf', before: db('main'), after: '' }, { path: 'infra/analytics.tf', before: undefined, after: other }]), ['infra/main.tf:1:TF006:critical']);
  });

  it('a file in another folder is not a rename target', () => {
    assert.deepEqual(ids([{ path: 'infra/main.tf', before: db('main'), after: '' }, { path: 'other/database.tf', before: undefined, after: db('orders') }]), ['infra/main.tf:1:TF006:critical']);
  });
});
