import { kindName } from '../../plain-text';
import { isOn, optWords, productionScope, shown } from '../../shell/cli-args';
import type { Severity } from '../../types';
import { type CommandRule, spanFromProgram } from '../rule';
import { isHelp, TF, tfCommand } from './helpers';

function bump(s: Severity): Severity {
  return s === 'low' ? 'medium' : s === 'medium' ? 'high' : 'critical';
}

// terraform workspace delete -----------------------------------------------------------------

export const terraformWorkspaceDelete: CommandRule = {
  id: 'IAC004',
  name: 'terraform-workspace-delete',
  category: 'iac',
  severity: 'critical',
  triggers: [{ programs: TF, subcommands: ['workspace'] }],
  summary: 'Catches `terraform workspace delete`, which deletes a workspace and its state (with `-force` even while it still tracks resources).',
  rationale: 'With `-force` the state of live resources is deleted: they keep running and costing money, but nothing manages or can destroy them any more.',
  alternative: 'terraform workspace select <name> && terraform state list   (confirm it is empty), then delete without -force',
  examples: {
    fire: ['terraform workspace delete staging', 'terraform workspace delete -force prod', 'tofu workspace delete -force=true feature-x'],
    pass: ['terraform workspace list', 'terraform workspace select staging', 'terraform workspace new feature-x', 'terraform workspace show'],
  },
  check(cmd) {
    const t = tfCommand(cmd);
    if (!t || t.sub.value !== 'workspace' || isHelp(t.p)) return undefined;
    const action = t.rest[0];
    if (!action || action.value !== 'delete') return undefined;
    const name = t.rest[1];
    const force = isOn(t.p, 'force');
    const scope = [...t.scope, ...productionScope(name?.value)];
    let severity: Severity = force ? 'high' : 'medium';
    if (scope.includes('production')) severity = bump(severity);
    return {
      severity,
      message: force
        ? `${t.tool} workspace delete -force deletes ${kindName('workspace', name ? shown(name.value) : '(unnamed)')} and its state even if it still tracks resources, leaving them running unmanaged.`
        : `${t.tool} workspace delete removes ${kindName('workspace', name ? shown(name.value) : '(unnamed)')} and its state history.`,
      span: spanFromProgram(cmd, [t.sub, action, ...(name ? [name] : []), ...optWords(t.p, 'force')]),
      context: { scope },
    };
  },
};
