import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { attr, forEachKeys, isStateful, numberValue, value } from '../tf-model';
import { headerSpan, pairs, TF_FILES } from './helpers';

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
