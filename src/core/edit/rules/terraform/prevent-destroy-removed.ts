import type { HclBlock } from '../../../parsers/hcl';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { attr, boolValue, sub } from '../tf-model';
import { attrSpan, headerSpan, pairs, TF_FILES } from './helpers';

function lifecycleBool(text: string, block: HclBlock, name: string): boolean | undefined {
  for (const lc of sub(block, 'lifecycle')) {
    const v = boolValue(text, attr(lc, name));
    if (v !== undefined) return v;
  }
  return undefined;
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
