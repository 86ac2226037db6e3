import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { isStateful } from '../tf-model';
import { headerSpan, removals, TF_FILES } from './helpers';

/**
 * A resource taken out of one module and declared in another (a module this folder calls, or
 * the caller of this module) in the same step. Terraform sees two addresses; only a `moved`
 * block in the calling module (`from = aws_s3_bucket.data  to = module.storage.aws_s3_bucket.data`)
 * tells it they are one object.
 */
export const movedAcrossModuleBoundary = defineRule({
  id: 'TF014',
  name: 'moved-across-module-boundary',
  category: 'iac',
  severity: 'critical',
  files: TF_FILES,
  summary: 'A resource is moved into or out of a module without a `moved` block, so Terraform destroys it at the old address and creates it empty at the new one.',
  rationale: 'Moving a resource block into a module changes its address (`aws_s3_bucket.data` becomes `module.storage.aws_s3_bucket.data`). Terraform matches state by address, so without `moved { from = …  to = … }` in the calling module the next apply destroys the existing object, with its data, and creates a new one.',
  alternative: 'In the calling module add `moved { from = aws_s3_bucket.data  to = module.storage.aws_s3_bucket.data }` (or the reverse when taking it out of the module), then check `terraform plan` shows a move.',
  examples: {
    fire: [
      {
        path: 'main.tf',
        before: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n',
        after: 'module "storage" {\n  source = "./modules/storage"\n}\n',
        step: [{ path: 'modules/storage/main.tf', after: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n' }],
      },
      {
        path: 'modules/storage/main.tf',
        before: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n\nresource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
        after: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
        step: [{ path: 'main.tf', before: 'module "storage" {\n  source = "./modules/storage"\n}\n', after: 'module "storage" {\n  source = "./modules/storage"\n}\n\nresource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n' }],
      },
    ],
    pass: [
      {
        path: 'main.tf',
        before: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n',
        after: 'module "storage" {\n  source = "./modules/storage"\n}\n\nmoved {\n  from = aws_s3_bucket.data\n  to   = module.storage.aws_s3_bucket.data\n}\n',
        step: [{ path: 'modules/storage/main.tf', after: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n' }],
      },
      {
        path: 'modules/storage/main.tf',
        before: 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n\nresource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
        after: 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
        step: [{ path: 'main.tf', before: 'module "storage" {\n  source = "./modules/storage"\n}\n', after: 'module "storage" {\n  source = "./modules/storage"\n}\n\nresource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n\nmoved {\n  from = module.storage.aws_s3_bucket.data\n  to   = aws_s3_bucket.data\n}\n' }],
      },
    ],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const r of removals(view)) {
      const across = r.movedAcross;
      if (!across) continue;
      const stateful = isStateful(r.res.type);
      out.push({
        severity: stateful ? 'critical' : 'low',
        message: `${r.res.address} moved ${across.into ? `into ${across.to.slice(0, across.to.length - r.res.address.length - 1)} (${across.folder || 'the root'})` : `out of this module into ${across.folder || 'the root module'}`} without a moved block; Terraform destroys the existing ${stateful ? 'one and its data ' : 'one '}and creates a new ${across.to}`,
        beforeSpan: headerSpan(r.res.block),
        context: prodContext(view),
      });
    }
    return out;
  },
});
