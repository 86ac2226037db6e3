import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { attr, exprText, forceNewAttrs, isStateful } from '../tf-model';
import { pairs, TF_FILES } from './helpers';

export const forceNewAttributeChanged = defineRule({
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
