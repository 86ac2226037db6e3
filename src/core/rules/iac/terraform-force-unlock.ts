import { kindName } from '../../plain-text';
import { shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { isHelp, TF, tfCommand } from './helpers';

// terraform force-unlock ---------------------------------------------------------------------

export const terraformForceUnlock: CommandRule = {
  id: 'IAC005',
  name: 'terraform-force-unlock',
  category: 'iac',
  severity: 'medium',
  triggers: [{ programs: TF, subcommands: ['force-unlock'] }],
  summary: 'Catches `terraform force-unlock`, which removes a state lock that another run may still hold.',
  rationale: 'The lock stops two runs from writing the state at once. Breaking the lock of a run that is still going can corrupt the state or lose its changes.',
  alternative: 'Find who holds the lock (the lock info names the run and the machine) and let it finish; unlock only a run you know is dead',
  examples: {
    fire: ['terraform force-unlock 6638b4e4-0c58-4c5e-a4ef-d1f5b7c3a1b2', 'tofu force-unlock -force 1234'],
    pass: ['terraform plan -lock-timeout=5m', 'terraform init'],
  },
  check(cmd) {
    const t = tfCommand(cmd);
    if (!t || t.sub.value !== 'force-unlock' || isHelp(t.p)) return undefined;
    const id = t.rest[0];
    return {
      message: `${t.tool} force-unlock removes ${kindName('lock', id ? shown(id.value, 40) : '')} on the state of ${t.where}; if that run is still alive, both write the state and one of them loses.`,
      span: spanFromProgram(cmd, [t.sub]),
      context: { scope: t.scope },
    };
  },
};
