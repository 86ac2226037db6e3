import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { isStateful, tfModel } from '../tf-model';
import { headerSpan, removals, TF_FILES } from './helpers';

export const statefulResourceRemoved = defineRule({
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
      if (r.renamedTo || r.renamedElsewhere || r.movedAcross || r.res.kind !== 'resource' || !isStateful(r.res.type)) continue;
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
