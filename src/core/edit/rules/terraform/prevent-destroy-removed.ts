import type { HclAttr, HclBlock } from '../../../parsers/hcl';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { attr, boolValue, sub } from '../tf-model';
import { attrRange, goneFrom, pairs, TF_FILES } from './helpers';

function lifecycleAttr(text: string, block: HclBlock, name: string): { value?: boolean; attr?: HclAttr; lifecycle?: HclBlock } {
  for (const lc of sub(block, 'lifecycle')) {
    const a = attr(lc, name);
    const v = boolValue(text, a);
    if (v !== undefined) return { value: v, attr: a, lifecycle: lc };
  }
  return { lifecycle: sub(block, 'lifecycle')[0] };
}

export const preventDestroyRemoved = defineRule({
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
      const was = lifecycleAttr(bt, p.before.block, 'prevent_destroy');
      if (was.value !== true || !was.attr) continue;
      const now = lifecycleAttr(at, p.after.block, 'prevent_destroy');
      if (now.value === true) continue;
      // On the attribute when it is still there; else on the line of the block (its lifecycle, when kept) where it was.
      const where = now.attr ? { afterSpan: attrRange(now.attr) } : goneFrom(view, was.attr, now.lifecycle ?? p.after.block);
      out.push({
        message: `${p.address}: prevent_destroy ${now.value === false ? 'set to false' : 'removed'}; the next plan that replaces or deletes it will go through`,
        ...where,
        context: prodContext(view),
      });
    }
    return out;
  },
});
