import { type CommandRule, spanFromProgram } from '../rule';
import { stoppedUnits } from './helpers';

// ---------------------------------------------------------------------------------------------
// SYS008

export const SSH_UNITS: ReadonlySet<string> = new Set(['ssh', 'sshd', 'openssh-server', 'openssh', 'sshd.socket', 'ssh.socket', 'dropbear', 'OpenSSH']);

export const remoteAccessStop: CommandRule = {
  id: 'SYS008',
  name: 'remote-access-stop',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['systemctl', 'service', 'stop-service', 'set-service'], subcommands: [...SSH_UNITS].flatMap((u) => [u, `${u}.service`]) },
    { programs: ['systemsetup'], subcommands: ['-setremotelogin'] },
  ],
  summary: 'Stops or disables the SSH server.',
  rationale: 'On a remote machine the SSH daemon is usually the only way back in; stopping or disabling it locks everyone out until someone gets console access.',
  alternative: 'Restart or reload sshd instead (`systemctl reload sshd`), after `sshd -t` confirms the new configuration is valid.',
  examples: { fire: ['sudo systemctl stop sshd', 'systemctl disable --now ssh', 'service ssh stop'], pass: ['systemctl restart sshd', 'systemctl status ssh', 'sshd -t'] },
  check(cmd) {
    if (cmd.program === 'systemsetup') {
      const i = cmd.args.findIndex((a) => a.value === '-setremotelogin');
      if (i !== -1 && cmd.args[i + 1]?.value === 'off') return { message: 'turns macOS Remote Login (SSH) off.', span: spanFromProgram(cmd, cmd.args.slice(i, i + 2)) };
      return undefined;
    }
    const stopped = stoppedUnits(cmd, SSH_UNITS);
    if (!stopped) return undefined;
    return { message: `stops the SSH server (${stopped.units.join(', ')})${cmd.remote ? ' on the machine you are connected to' : ''}; remote sessions can no longer get in.`, span: spanFromProgram(cmd, stopped.words) };
  },
};
