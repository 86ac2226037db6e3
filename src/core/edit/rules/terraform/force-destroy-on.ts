import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { attr, boolValue } from '../tf-model';
import { pairs, TF_FILES } from './helpers';

const FORCE_ATTRS = ['force_destroy', 'force_delete', 'delete_contents_on_destroy', 'purge_on_delete', 'recursive_delete'];

export const forceDestroyOn = defineRule({
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
