import { type CommandRule, spanFromProgram } from '../rule';
import { describeMany, SINGLE, splitArgs, stateBump, targetsOf, viaFind, worst } from './helpers';

export const deleteFiles: CommandRule = {
  id: 'FS002',
  name: 'delete-files',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['rm', 'unlink', 'srm'] }],
  summary: 'Deletes files outside the project, system files, credentials or state files such as terraform.tfstate and .env.',
  rationale: 'A single file can be a private key, the only copy of Terraform state or a system file the machine needs to boot; none of these are in version control.',
  alternative: 'Move the file aside (`mv FILE FILE.bak`) or, for state, use the tool that owns it (`terraform state`).',
  examples: {
    fire: ['rm /etc/passwd', 'rm ~/.ssh/id_rsa', 'rm -f terraform.tfstate', 'sudo unlink /etc/hosts', 'rm /home/dev/notes.txt'],
    pass: ['rm *.pyc', 'rm /tmp/x.log', 'rm -rf node_modules', 'rm -i build.log'],
  },
  check(cmd, { ctx }) {
    const { flags, operands } = splitArgs(cmd.args);
    if (flags.has('r') || flags.has('R') || flags.has('recursive') || flags.has('help') || viaFind(cmd)) return undefined;
    const targets = targetsOf(cmd, operands, ctx);
    const hit = worst(targets, SINGLE, stateBump);
    if (!hit || hit.severity === 'low') return hit ? { severity: 'low', span: spanFromProgram(cmd, [hit.target.word]), message: `Deletes ${describeMany(targets) || hit.target.t.what}.`, context: { targetClass: hit.target.t.cls } } : undefined;
    return {
      severity: hit.severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `Deletes ${hit.target.t.what}${hit.target.t.stateFile ? ', a state or secrets file that is not in version control' : ''}, with no undo.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};
