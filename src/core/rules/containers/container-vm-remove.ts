import { isOn, parseArgs, shown } from '../../shell/cli-args';
import type { Word } from '../../shell/model';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

export const containerVmRemove: CommandRule = {
  id: 'CTR007',
  name: 'container-vm-remove',
  category: 'containers',
  severity: 'high',
  triggers: [
    { programs: ['podman'], subcommands: ['machine'] },
    { programs: ['colima'], subcommands: ['delete'] },
  ],
  summary: 'Catches `podman machine rm|reset` and `colima delete`, which delete the VM that holds every container, image and volume.',
  rationale: 'On macOS and Windows the container engine lives in a VM; deleting it deletes every volume in it, with the data.',
  alternative: 'podman machine stop (or colima stop) to free resources; back up volumes before deleting the VM',
  examples: {
    fire: ['podman machine rm -f', 'podman machine reset', 'colima delete --force'],
    pass: ['podman machine stop', 'podman machine list', 'colima stop', 'colima status'],
  },
  check(cmd) {
    const p = parseArgs(cmd.args, { shortWithValue: 'p', withValue: ['profile'] });
    const [verb, action] = p.positionals;
    if (!verb) return undefined;
    let what: string | undefined;
    let words: Word[] = [];
    if (cmd.program === 'colima' && verb.value === 'delete') {
      what = `colima delete removes the ${p.positionals[1] ? shown(p.positionals[1].value) : 'default'} VM with every container, image and volume inside it`;
      words = [verb];
    } else if (cmd.program === 'podman' && verb.value === 'machine' && action && ['rm', 'remove', 'reset'].includes(action.value)) {
      what = action.value === 'reset'
        ? 'podman machine reset deletes every machine with all containers, images and volumes inside them'
        : `podman machine rm deletes machine ${p.positionals[2] ? shown(p.positionals[2].value) : '(default)'} with every container, image and volume inside it`;
      words = [verb, action];
    }
    if (!what || isOn(p, 'help')) return undefined;
    const m: RuleMatch = { message: `${what}.`, span: spanFromProgram(cmd, words) };
    return m;
  },
};
