import { type CommandRule, spanFromProgram } from '../rule';
import { describeMany, MeasuredDeletion, SINGLE, splitArgs, stateBump, targetsOf, viaFind, worst } from './helpers';

export const deleteFiles: CommandRule = {
  id: 'FS002',
  name: 'delete-files',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['rm', 'unlink', 'srm'] }],
  summary: 'Deletes files outside the project, system files, credentials, state files such as terraform.tfstate and .env, or files git cannot bring back.',
  rationale:
    'A single file can be a private key, the only copy of Terraform state or a system file the machine needs to boot; none of these are in version control. What the file holds is measured: a file git does not track (untracked work, an ignored .env) or with changes never committed exists nowhere else, and weighs as git clean does; a committed, unchanged one git restores exactly.',
  alternative: 'Move the file aside (`mv FILE FILE.bak`) or, for state, use the tool that owns it (`terraform state`).',
  examples: {
    fire: ['rm /etc/passwd', 'rm ~/.ssh/id_rsa', 'rm -f terraform.tfstate', 'sudo unlink /etc/hosts', 'rm /home/dev/notes.txt'],
    pass: ['rm *.pyc', 'rm /tmp/x.log', 'rm -rf node_modules', 'rm -i build.log'],
  },
  check(cmd, { ctx }) {
    const { flags, operands } = splitArgs(cmd.args);
    if (flags.has('r') || flags.has('R') || flags.has('recursive') || flags.has('help') || viaFind(cmd)) return undefined;
    const targets = targetsOf(cmd, operands, ctx);
    // What each file holds, counted by the adapter as for a folder (not on a remote machine).
    const measured = cmd.remote ? undefined : new MeasuredDeletion(ctx);
    const hit = worst(targets, SINGLE, (t) => {
      const base = stateBump(t) ?? SINGLE[t.cls];
      return base && measured ? measured.weigh(t, base) : base;
    });
    if (!hit || hit.severity === 'low') return hit ? { severity: 'low', span: spanFromProgram(cmd, [hit.target.word]), message: `Deletes ${describeMany(targets) || hit.target.t.what}.`, context: { targetClass: hit.target.t.cls } } : undefined;
    const counted = measured?.words(hit.target.t, targets.length > 1 ? hit.target.t.what : undefined) ?? '';
    return {
      severity: hit.severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `Deletes ${hit.target.t.what}${hit.target.t.stateFile ? ', a state or secrets file' : ''}, with no undo${counted}.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};
