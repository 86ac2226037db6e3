import { defineRule } from '../helpers';

export const stateFileDestroyed = defineRule({
  id: 'TF010',
  name: 'state-file-destroyed',
  category: 'iac',
  severity: 'critical',
  files: ['**/*.tfstate', '**/*.tfstate.backup'],
  summary: 'A local Terraform state file is deleted, emptied or loses resources.',
  rationale: 'State is how Terraform knows what it manages. Without it, Terraform forgets every resource (the next apply tries to create duplicates) or, if resources are cut out of it, loses track of them.',
  alternative: 'Move state with `terraform state mv` / `terraform state rm`, or migrate it to a remote backend with `terraform init -migrate-state`; never edit it by hand.',
  examples: {
    fire: [{ path: 'terraform.tfstate', before: '{"version": 4, "serial": 3, "resources": [{"type": "aws_db_instance", "name": "db"}]}\n' }],
    pass: [{ path: 'terraform.tfstate', before: '{"version": 4, "serial": 3, "resources": [{"type": "aws_db_instance", "name": "db"}]}\n', after: '{"version": 4, "serial": 4, "resources": [{"type": "aws_db_instance", "name": "db"}]}\n' }],
  },
  check(view) {
    const count = (t: string): number => (t.match(/"type"\s*:/g) ?? []).length;
    const was = count(view.before);
    if (view.status === 'added') return [];
    if (view.status === 'deleted' || !view.after.trim()) {
      return [{ message: `${view.base} ${view.status === 'deleted' ? 'deleted' : 'emptied'}; Terraform loses track of ${was} resource${was === 1 ? '' : 's'}`, beforeSpan: { start: 0, end: Math.min(view.before.length, 1) } }];
    }
    const now = count(view.after);
    if (now < was) return [{ severity: 'high', message: `state edited by hand: ${was - now} resource entr${was - now === 1 ? 'y' : 'ies'} removed`, afterSpan: { start: 0, end: Math.min(view.after.length, 1) } }];
    return [];
  },
});
