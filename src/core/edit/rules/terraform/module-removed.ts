import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { headerSpan, removals, TF_FILES } from './helpers';

export const moduleRemoved = defineRule({
  id: 'TF011',
  name: 'module-removed',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: 'A module call is removed without a `moved` block.',
  rationale: 'Removing a module block destroys every resource the module manages, which may include databases and buckets that are not visible in this file.',
  alternative: 'If the module was renamed, add `moved { from = module.old  to = module.new }`; check `terraform plan` for what it would destroy.',
  examples: {
    fire: [{ path: 'main.tf', before: 'module "database" {\n  source = "./modules/db"\n}\n\nmodule "web" {\n  source = "./modules/web"\n}\n', after: 'module "web" {\n  source = "./modules/web"\n}\n' }],
    pass: [{ path: 'main.tf', before: 'module "database" {\n  source = "./modules/db"\n}\n', after: 'module "db" {\n  source = "./modules/db"\n}\n\nmoved {\n  from = module.database\n  to   = module.db\n}\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const r of removals(view)) {
      if (r.res.kind !== 'module' || r.renamedTo || r.renamedElsewhere) continue;
      out.push({ message: `${r.res.address} removed; every resource it manages will be destroyed`, beforeSpan: headerSpan(r.res.block), context: prodContext(view) });
    }
    return out;
  },
});
