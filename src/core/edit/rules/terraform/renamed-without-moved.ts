import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { isStateful } from '../tf-model';
import { headerSpan, removals, TF_FILES } from './helpers';

export const renamedWithoutMoved = defineRule({
  id: 'TF007',
  name: 'renamed-without-moved',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: 'A resource or module is renamed without a `moved` block (in its file, or while moving to another file of the folder), so Terraform plans destroy-and-create.',
  rationale: 'Terraform tracks resources by address. A new name without `moved { from = old  to = new }` means the old one is destroyed and an empty new one created; for a database or bucket that is data loss dressed up as a rename.',
  alternative: 'Add `moved { from = <old address>  to = <new address> }` next to the renamed block.',
  examples: {
    fire: [
      { path: 's3.tf', before: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n', after: 'resource "aws_s3_bucket" "customer_data" {\n  bucket = "acme-data"\n}\n' },
      { path: 'main.tf', before: 'module "db" {\n  source = "./modules/db"\n}\n', after: 'module "database" {\n  source = "./modules/db"\n}\n' },
      // Renamed while moving to another file of the folder.
      { path: 'main.tf', before: 'resource "aws_db_instance" "main" {\n  identifier = "orders"\n}\n', after: '', step: [{ path: 'database.tf', after: 'resource "aws_db_instance" "orders" {\n  identifier = "orders"\n}\n' }] },
    ],
    pass: [
      // Moved to another file of the folder under the same name: the address does not change.
      { path: 'main.tf', before: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n', after: '', step: [{ path: 'storage.tf', after: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n' }] },
      { path: 's3.tf', before: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n', after: 'resource "aws_s3_bucket" "customer_data" {\n  bucket = "acme-data"\n}\n\nmoved {\n  from = aws_s3_bucket.data\n  to   = aws_s3_bucket.customer_data\n}\n' },
    ],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const r of removals(view)) {
      if (r.renamedElsewhere) {
        const stateful = r.res.kind === 'module' || isStateful(r.res.type);
        out.push({
          severity: stateful ? 'high' : 'low',
          message: `${r.res.address} renamed to ${r.renamedElsewhere.address} (in ${r.renamedElsewhere.path}) without a moved block; Terraform will destroy the old ${stateful ? 'one and its data ' : 'one '}and create a new one`,
          beforeSpan: headerSpan(r.res.block),
          context: prodContext(view),
        });
        continue;
      }
      if (!r.renamedTo) continue;
      const stateful = r.res.kind === 'module' || isStateful(r.res.type);
      out.push({
        severity: stateful ? 'high' : 'low',
        message: `${r.res.address} renamed to ${r.renamedTo.address} without a moved block; Terraform will destroy the old ${stateful ? 'one and its data ' : 'one '}and create a new one`,
        afterSpan: headerSpan(r.renamedTo.block),
        beforeSpan: headerSpan(r.res.block),
        context: prodContext(view),
      });
    }
    return out;
  },
});
