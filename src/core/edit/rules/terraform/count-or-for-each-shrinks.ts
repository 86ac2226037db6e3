import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { attr, forEachKeys, isStateful } from '../tf-model';
import { coverage, coversInstance, goneFrom, instanceAddress, literalOf, pairs, TF_FILES } from './helpers';

export const countOrForEachShrinks = defineRule({
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
    pass: [
      { path: 'disks.tf', before: 'resource "aws_ebs_volume" "data" {\n  count = 1\n  size  = 100\n}\n', after: 'resource "aws_ebs_volume" "data" {\n  count = 3\n  size  = 100\n}\n' },
      // A key renamed with a moved block keeps its object.
      { path: 'queues.tf', before: 'resource "aws_sqs_queue" "q" {\n  for_each = toset(["orders", "billing"])\n  name     = each.key\n}\n', after: 'resource "aws_sqs_queue" "q" {\n  for_each = toset(["orders", "invoices"])\n  name     = each.key\n}\n\nmoved {\n  from = aws_sqs_queue.q["billing"]\n  to   = aws_sqs_queue.q["invoices"]\n}\n' },
    ],
  },
  check(view) {
    const out: EditMatch[] = [];
    // The moved blocks are read from the whole file, so only once an instance would be lost.
    for (const p of pairs(view)) {
      const sev = p.before.kind === 'module' || isStateful(p.before.type) ? 'high' : 'medium';
      const bc = attr(p.before.block, 'count');
      const ac = attr(p.after.block, 'count');
      // count → for_each is TF012's: every index changes address, not only the last ones.
      if (bc && !attr(p.after.block, 'for_each')) {
        const was = countOf(literalOf(view, 'before', bc));
        const now = ac ? countOf(literalOf(view, 'after', ac)) : 1;
        // Indices a `moved` block takes elsewhere are not destroyed.
        let lost = 0;
        if (was !== undefined && now !== undefined) for (let i = now; i < Math.min(was, now + 10_000); i++) if (!coversInstance(coverage(view), p.address, i)) lost++;
        if (was !== undefined && now !== undefined && now < was && lost > 0) {
          out.push({ severity: sev, message: `${p.address}: count ${was} → ${now}; ${lost} instance${lost === 1 ? '' : 's'} will be destroyed`, ...(ac ? { afterSpan: { start: ac.start, end: ac.valueEnd } } : goneFrom(view, bc, p.after.block)), context: prodContext(view) });
        }
      }
      const bf = attr(p.before.block, 'for_each');
      const af = attr(p.after.block, 'for_each');
      if (bf && af) {
        const was = forEachKeys(literalOf(view, 'before', bf));
        const now = forEachKeys(literalOf(view, 'after', af));
        if (was && now) {
          const lost = was.filter((k) => !now.includes(k) && !coversInstance(coverage(view), p.address, k));
          if (lost.length) {
            out.push({ severity: sev, message: `${p.address}: for_each no longer has ${lost.slice(0, 5).map((k) => instanceAddress(p.address, k).slice(p.address.length)).join(', ')}${lost.length > 5 ? '…' : ''}; those instances will be destroyed`, afterSpan: { start: af.start, end: af.valueEnd }, context: prodContext(view) });
          }
        }
      }
    }
    return out;
  },
});

function countOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}
