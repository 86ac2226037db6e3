import type { HclAttr, HclBlock } from '../../../parsers/hcl';
import type { Severity, Span } from '../../../types';
import type { EditMatch } from '../../rule';
import type { FileView } from '../../view';
import { defineRule, prodContext } from '../helpers';
import { attr, forEachKeys, isStateful } from '../tf-model';
import { type Coverage, coverage, coversInstance, goneFrom, headerSpan, instanceAddress, literalOf, movedInstanceKeys, pairs, repetition, type RepetitionMode, TF_FILES } from './helpers';

const MAX_LISTED = 5;

/**
 * Terraform keys instances by their count index or for_each key. Switching a resource or module
 * call between none, count and for_each changes every instance's address; only adding count to a
 * resource that had none is moved for you (the object becomes index 0), and removing count keeps
 * index 0 (what falls off beyond it is TF009's). Everything else needs `moved` blocks.
 */
export const instanceKeysChanged = defineRule({
  id: 'TF012',
  name: 'instance-keys-changed',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: 'A resource or module call switches between `count`, `for_each` and a single instance without `moved` blocks, so its existing instances are destroyed and recreated under new keys.',
  rationale: 'Terraform tracks instances by address (`aws_db_instance.db[0]`, `aws_db_instance.db["orders"]`). Converting count to for_each, adding for_each, or going back to a single instance gives every existing object a new address; without a `moved` block per instance Terraform destroys the old ones and creates empty new ones. Only adding count to a single resource is moved implicitly (to index 0).',
  alternative: 'Add a `moved { from = <old instance>  to = <new instance> }` block for each existing instance (for example `from = aws_db_instance.db[0]  to = aws_db_instance.db["orders"]`), then check `terraform plan` shows moves, not replacements.',
  examples: {
    fire: [
      { path: 'db.tf', before: 'resource "aws_db_instance" "db" {\n  count      = 2\n  identifier = "db-${count.index}"\n}\n', after: 'resource "aws_db_instance" "db" {\n  for_each   = toset(["orders", "billing"])\n  identifier = "db-${each.key}"\n}\n' },
      { path: 'queues.tf', before: 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n', after: 'resource "aws_sqs_queue" "jobs" {\n  for_each = toset(["jobs"])\n  name     = each.key\n}\n' },
      { path: 'main.tf', before: 'module "vpc" {\n  source   = "./modules/vpc"\n  for_each = toset(["eu", "us"])\n}\n', after: 'module "vpc" {\n  source = "./modules/vpc"\n}\n' },
    ],
    pass: [
      // Adding count to a single resource: Terraform moves it to index 0 by itself.
      { path: 'queues.tf', before: 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n', after: 'resource "aws_sqs_queue" "jobs" {\n  count = 1\n  name  = "jobs"\n}\n' },
      { path: 'db.tf', before: 'resource "aws_db_instance" "db" {\n  count      = 2\n  identifier = "db-${count.index}"\n}\n', after: 'resource "aws_db_instance" "db" {\n  for_each   = toset(["orders", "billing"])\n  identifier = "db-${each.key}"\n}\n\nmoved {\n  from = aws_db_instance.db[0]\n  to   = aws_db_instance.db["orders"]\n}\n\nmoved {\n  from = aws_db_instance.db[1]\n  to   = aws_db_instance.db["billing"]\n}\n' },
      { path: 'queues.tf', before: 'resource "aws_sqs_queue" "jobs" {\n  name = "jobs"\n}\n', after: 'resource "aws_sqs_queue" "jobs" {\n  for_each = toset(["jobs"])\n  name     = each.key\n}\n\nmoved {\n  from = aws_sqs_queue.jobs\n  to   = aws_sqs_queue.jobs["jobs"]\n}\n' },
    ],
  },
  check(view) {
    const out: EditMatch[] = [];
    // The moved blocks are read from the whole file, so only for a block whose repetition changed.
    for (const p of pairs(view)) {
      if (p.before.kind === 'data') continue;
      const was = repetition(p.before.block);
      const now = repetition(p.after.block);
      if (was === now || (was === 'none' && now === 'count') || (was === 'count' && now === 'none')) continue;
      const base = p.address;
      const lost = lostInstances(view, p.before.block, was, base, coverage(view));
      if (!lost) continue;
      const severity: Severity = p.before.kind === 'module' || isStateful(p.before.type) ? 'high' : 'medium';
      const what = lost.length ? lost.slice(0, MAX_LISTED).join(', ') + (lost.length > MAX_LISTED ? '…' : '') : `every existing instance of ${base}`;
      const meta = now === 'none' ? 'a single instance' : now;
      const span = attr(p.after.block, now === 'for_each' ? 'for_each' : 'count');
      out.push({
        severity,
        message: `${base} switches from ${was === 'none' ? 'a single instance' : was} to ${meta} without moved blocks; Terraform destroys ${what} and creates new ${p.before.kind === 'module' ? 'module instances (with everything in them)' : 'ones'}`,
        // Back to a single instance: on the line where count or for_each was.
        ...where(view, span ?? attr(p.before.block, was === 'none' ? 'count' : was), p.after.block, !!span),
        context: prodContext(view),
      });
    }
    return out;
  },
});

/** On the count or for_each attribute; back to a single instance, on the line where it was. */
function where(view: FileView, a: HclAttr | undefined, after: HclBlock, inAfter: boolean): { afterSpan: Span; beforeSpan?: Span } {
  if (!a) return { afterSpan: headerSpan(after) };
  return inAfter ? { afterSpan: { start: a.start, end: a.valueEnd } } : goneFrom(view, a, after);
}

/**
 * The old instance addresses no `moved` block takes along: [] when they cannot be listed (a
 * computed count or for_each) and none of them is moved; undefined when all are covered.
 */
function lostInstances(view: FileView, block: HclBlock, was: RepetitionMode, base: string, cover: Coverage): string[] | undefined {
  if (cover.moved.has(base) || cover.forgotten.has(base)) return undefined;
  const moved = movedInstanceKeys(cover, base);
  if (was === 'none') return [base];
  if (was === 'count') {
    const n = literalOf(view, 'before', attr(block, 'count'));
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return moved.ints.size ? undefined : [];
    const lost: string[] = [];
    for (let i = 0; i < Math.min(n, 1000); i++) if (!coversInstance(cover, base, i)) lost.push(instanceAddress(base, i));
    return lost.length ? lost : undefined;
  }
  const keys = forEachKeys(literalOf(view, 'before', attr(block, 'for_each')));
  if (!keys) return moved.strings.size ? undefined : [];
  const lost = keys.filter((k) => !coversInstance(cover, base, k)).map((k) => instanceAddress(base, k));
  return lost.length ? lost : undefined;
}
