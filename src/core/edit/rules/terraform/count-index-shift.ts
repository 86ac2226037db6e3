import { kindName } from '../../../plain-text';
import type { HclValue } from '../../../parsers/hcl';
import type { Severity } from '../../../types';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { attr, isStateful } from '../tf-model';
import { coverage, instanceAddress, lengthList, movedInstanceKeys, pairs, TF_FILES } from './helpers';

/**
 * `count = length(list)` keys instances by position. Taking an element out of the middle (or
 * putting one in, or reordering) gives every later index another element: each of those
 * instances is changed in place or, when the element feeds a name or another attribute that
 * forces replacement, destroyed and recreated, and the last index is destroyed. Shrinking the
 * list at the end destroys the instances that fall off.
 */
export const countIndexShift = defineRule({
  id: 'TF013',
  name: 'count-index-shift',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: 'A list used with `count = length(…)` loses or gains an element before its end, or shrinks, so instances shift onto other elements or are destroyed.',
  rationale: 'With count, instance [i] is whatever element i of the list is. Removing "b" from ["a", "b", "c"] does not destroy b: it turns [1] into c and destroys [2]. Every instance after the change point is updated or, when the element feeds a name or another attribute that forces replacement, destroyed and recreated. for_each keyed by the element does not have this problem.',
  alternative: 'Key the resource by value with `for_each = toset(var.names)` and move each existing index with `moved { from = x[0]  to = x["a"] }`; or remove elements only from the end of the list.',
  examples: {
    fire: [
      { path: 'web.tf', before: 'variable "names" {\n  default = ["a", "b", "c"]\n}\n\nresource "aws_instance" "web" {\n  count = length(var.names)\n  tags  = { Name = var.names[count.index] }\n}\n', after: 'variable "names" {\n  default = ["a", "c"]\n}\n\nresource "aws_instance" "web" {\n  count = length(var.names)\n  tags  = { Name = var.names[count.index] }\n}\n' },
      { path: 'buckets.tf', before: 'locals {\n  buckets = ["logs", "data", "backups"]\n}\n\nresource "aws_s3_bucket" "b" {\n  count  = length(local.buckets)\n  bucket = "acme-${local.buckets[count.index]}"\n}\n', after: 'locals {\n  buckets = ["logs", "data"]\n}\n\nresource "aws_s3_bucket" "b" {\n  count  = length(local.buckets)\n  bucket = "acme-${local.buckets[count.index]}"\n}\n' },
    ],
    pass: [
      // Appending keeps every index where it was.
      { path: 'web.tf', before: 'variable "names" {\n  default = ["a", "b"]\n}\n\nresource "aws_instance" "web" {\n  count = length(var.names)\n  tags  = { Name = var.names[count.index] }\n}\n', after: 'variable "names" {\n  default = ["a", "b", "c"]\n}\n\nresource "aws_instance" "web" {\n  count = length(var.names)\n  tags  = { Name = var.names[count.index] }\n}\n' },
      // One element edited in place changes only its own instance.
      { path: 'web.tf', before: 'variable "names" {\n  default = ["a", "b", "c"]\n}\n\nresource "aws_instance" "web" {\n  count = length(var.names)\n  tags  = { Name = var.names[count.index] }\n}\n', after: 'variable "names" {\n  default = ["a", "bee", "c"]\n}\n\nresource "aws_instance" "web" {\n  count = length(var.names)\n  tags  = { Name = var.names[count.index] }\n}\n' },
    ],
  },
  check(view) {
    const out: EditMatch[] = [];
    // The moved blocks are read from the whole file, so only for a list that changed.
    for (const p of pairs(view)) {
      const ba = attr(p.before.block, 'count');
      const aa = attr(p.after.block, 'count');
      if (!ba || !aa || attr(p.after.block, 'for_each')) continue;
      const before = lengthList(view, 'before', ba);
      const after = lengthList(view, 'after', aa);
      if (!before || !after) continue;
      const b = before.list.map(key);
      const a = after.list.map(key);
      // Indices a `moved` block already takes care of: the author has mapped them.
      if (movedInstanceKeys(coverage(view), p.address).ints.size) continue;
      const severity: Severity = p.before.kind === 'module' || isStateful(p.before.type) ? 'high' : 'medium';
      const span = { start: aa.start, end: aa.valueEnd };
      const shift = firstShift(b, a);
      // Without `X[count.index]` (or element(X, count.index)) in the body, instances do not depend on the element: only the count matters.
      const uses = usesElement(view.after.slice(p.after.block.bodyStart, p.after.block.end), after.ref);
      if (shift !== undefined && uses) {
        const last = b.length - 1;
        const gone = b.length > a.length ? `, and ${instanceAddress(p.address, last)} is destroyed` : '';
        out.push({
          severity,
          message: `${p.address}: ${describe(b, a, shift)} ${after.ref}; ${shifted(p.address, shift, Math.min(b.length, a.length) - 1)} changed or replaced${gone}`,
          afterSpan: span,
          context: prodContext(view),
        });
      } else if (a.length < b.length) {
        const n = b.length - a.length;
        out.push({
          severity,
          message: `${p.address}: ${after.ref} shrinks from ${b.length} to ${a.length}; ${n === 1 ? instanceAddress(p.address, a.length) : `${instanceAddress(p.address, a.length)}…[${b.length - 1}]`} will be destroyed`,
          afterSpan: span,
          context: prodContext(view),
        });
      }
    }
    return out;
  },
});

function key(v: HclValue): string {
  return JSON.stringify(v);
}

/**
 * The first index whose element moved to another index: an element removed or inserted before
 * the end, or the list reordered. An element edited in place is not a shift.
 */
function firstShift(b: string[], a: string[]): number | undefined {
  let i = 0;
  while (i < b.length && i < a.length && b[i] === a[i]) i++;
  if (i >= Math.min(b.length, a.length)) return undefined;
  if (b.length !== a.length) return i;
  // Same length: a shift only if some later element now sits at another index (a reorder), not an in-place edit.
  const at = new Map<string, number>();
  b.forEach((x, j) => at.set(x, j));
  for (let j = i; j < a.length; j++) {
    const was = at.get(a[j]);
    if (was !== undefined && was !== j) return i;
  }
  return undefined;
}

function shifted(address: string, from: number, to: number): string {
  return from === to ? `${kindName('instance', instanceAddress(address, from))} now gets another element and is` : `instances ${instanceAddress(address, from)}…[${to}] now get other elements and are`;
}

function describe(b: string[], a: string[], i: number): string {
  if (a.length < b.length) return `${b[i]} removed from the middle of`;
  if (a.length > b.length) return `${a[i]} inserted into the middle of`;
  return 'reordered';
}

function usesElement(body: string, ref: string): boolean {
  if (ref === 'the list') return true;
  const r = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${r}\\s*\\[\\s*count\\.index\\s*\\]|element\\(\\s*${r}\\s*,\\s*count\\.index\\s*\\)`).test(body);
}
