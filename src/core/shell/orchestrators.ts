/**
 * Tools that run another tool's command for you, where the inner command is not simply the
 * rest of the line: Atmos (`atmos terraform destroy vpc -s prod` runs `terraform destroy` in the
 * component's folder, in the stack's workspace) and Ansible ad-hoc commands (`ansible all -m shell
 * -a 'rm -rf /var/lib/app'` runs the argument string on every host; `-m file -a 'path=… state=absent'`
 * deletes like `rm -rf`). Each is turned into the plain command it amounts to, so the same rules
 * judge it. Pure and bounded: plain data in, plain data out.
 */
import type { Word } from './model';

export interface AtmosInner {
  /** The inner command's words, program first (`terraform destroy -auto-approve`). */
  words: Word[];
  /** The stack, which Atmos turns into the Terraform workspace. */
  stack?: string;
}

/** Atmos options that take a value (Atmos's own, not Terraform's). */
const ATMOS_WITH_VALUE = new Set(['-s', '--stack', '--planfile', '--base-path', '--config', '--config-path', '--logs-level', '--logs-file', '--components', '--query', '--redirect-stderr', '--identity', '--skip', '--repo-path', '--ref', '--sha', '--ssh-key', '--ssh-key-password', '--process-functions']);
/** Atmos switches that mean nothing to the inner tool. */
const ATMOS_BOOL = new Set(['--skip-init', '--from-plan', '--deploy-run-init', '--affected', '--all', '--include-dependents', '--clone-target-ref', '--process-templates', '--upload-status', '--skip-planfile']);

const synth = (value: string, like: Word): Word => ({ value, raw: value, span: like.span, dynamic: false, glob: false, quoted: false });

/** `atmos terraform|tofu|helmfile <sub> [<component>] [-s <stack>] [tool options]`. */
export function atmosInner(rest: readonly Word[]): AtmosInner | undefined {
  const [tool, sub, ...more] = rest.slice(0, 256);
  if (!tool || !sub || !/^(terraform|tofu|opentofu|helmfile)$/.test(tool.value) || sub.value.startsWith('-')) return undefined;
  const program = tool.value === 'opentofu' ? 'tofu' : tool.value;
  let stack: string | undefined;
  const args: Word[] = [];
  // `atmos terraform state rm <component> -s <stack> ADDR`: the state subcommand comes before the component.
  let component = false;
  const words0: Word[] = [];
  if (sub.value === 'state' && more[0] && !more[0].value.startsWith('-')) words0.push(more.shift()!);
  let dryRun = false;
  let planfile: Word | undefined;
  for (let i = 0; i < more.length; i++) {
    const w = more[i];
    const v = w.value;
    const eq = v.indexOf('=');
    const name = v.startsWith('-') && eq !== -1 ? v.slice(0, eq) : v;
    if (name === '--dry-run') dryRun = true;
    else if (name === '-s' || name === '--stack') stack = eq !== -1 && name === v.slice(0, eq) ? v.slice(eq + 1) : more[++i]?.value;
    else if (name === '--planfile') planfile = eq !== -1 ? synth(v.slice(eq + 1), w) : more[++i];
    else if (name === '--from-plan') planfile = synth('atmos-generated.planfile', w);
    else if (ATMOS_WITH_VALUE.has(name)) {
      if (eq === -1) i++;
    } else if (ATMOS_BOOL.has(name)) continue;
    else if (!component && !v.startsWith('-')) component = true;
    else args.push(w);
  }
  // `atmos … --dry-run` prints what it would run.
  if (dryRun) return undefined;
  const words = [synth(program, tool), sub];
  if (sub.value === 'deploy') words[1] = synth('apply', sub);
  if (sub.value === 'deploy' && program !== 'helmfile') words.push(synth('-auto-approve', sub));
  words.push(...words0, ...args);
  if (planfile && program !== 'helmfile') words.push(planfile);
  return { words, stack };
}

export interface AnsibleInner {
  /** Shell text the hosts run (the `-a` string of shell/command/raw, or the command a module amounts to). */
  text: string;
  /** The `-a` word, for spans. */
  word: Word;
  /** The host pattern. */
  pattern?: string;
  become: boolean;
}

const ANSIBLE_SHORT_WITH_VALUE = new Set(['-i', '-m', '-a', '-u', '-e', '-f', '-l', '-M', '-B', '-P', '-t', '-T', '-c']);
const ANSIBLE_LONG_WITH_VALUE = new Set(['--inventory', '--inventory-file', '--module-name', '--args', '--user', '--extra-vars', '--forks', '--limit', '--module-path', '--background', '--poll', '--tree', '--timeout', '--connection', '--private-key', '--key-file', '--become-user', '--become-method', '--vault-id', '--vault-password-file', '--playbook-dir', '--ssh-common-args', '--sftp-extra-args', '--scp-extra-args', '--ssh-extra-args', '--task-timeout']);

/** `key=value key2="a b"` as Ansible's free-form module arguments. */
function moduleArgs(s: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([A-Za-z_][\w]*)=("([^"]*)"|'([^']*)'|(\S*))/g;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(s)) && n++ < 64) out.set(m[1], m[3] ?? m[4] ?? m[5] ?? '');
  return out;
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const yes = (v: string | undefined): boolean => v !== undefined && /^(yes|true|on|1)$/i.test(v);
const no = (v: string | undefined): boolean => v !== undefined && /^(no|false|off|0)$/i.test(v);

/** What a module call amounts to as a shell command, for the modules that delete, remove or stop. */
function moduleCommand(module: string, args: string): string | undefined {
  const kv = moduleArgs(args);
  const state = kv.get('state');
  const names = (kv.get('name') ?? kv.get('pkg') ?? kv.get('package') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  switch (module) {
    case 'file': {
      const path = kv.get('path') ?? kv.get('dest') ?? kv.get('name');
      return state === 'absent' && path ? `rm -rf -- ${q(path)}` : undefined;
    }
    case 'apt':
      return state === 'absent' && names.length ? `apt-get ${yes(kv.get('purge')) ? 'purge' : 'remove'} -y ${names.map(q).join(' ')}` : undefined;
    case 'yum':
    case 'dnf':
    case 'dnf5':
    case 'package':
    case 'zypper':
    case 'apk':
    case 'pacman':
      return (state === 'absent' || state === 'removed') && names.length ? `${module === 'package' ? 'dnf' : module === 'pacman' ? 'pacman -R --noconfirm' : module === 'apk' ? 'apk del' : module} ${module === 'pacman' || module === 'apk' ? '' : 'remove -y '}${names.map(q).join(' ')}` : undefined;
    case 'pip':
      return state === 'absent' && names.length ? `pip uninstall -y ${names.map(q).join(' ')}` : undefined;
    case 'user':
      return state === 'absent' && names[0] ? `userdel ${yes(kv.get('remove')) ? '-r ' : ''}${yes(kv.get('force')) ? '-f ' : ''}${q(names[0])}` : undefined;
    case 'group':
      return state === 'absent' && names[0] ? `groupdel ${q(names[0])}` : undefined;
    case 'service':
    case 'systemd':
    case 'systemd_service':
    case 'sysvinit': {
      if (!names[0]) return undefined;
      const parts: string[] = [];
      if (state === 'stopped') parts.push(`systemctl stop ${q(names[0])}`);
      if (no(kv.get('enabled'))) parts.push(`systemctl disable ${q(names[0])}`);
      if (yes(kv.get('masked'))) parts.push(`systemctl mask ${q(names[0])}`);
      return parts.length ? parts.join('; ') : undefined;
    }
    case 'docker_container':
      return state === 'absent' && names[0] ? `docker rm -f ${q(names[0])}` : undefined;
    case 'mysql_db':
    case 'postgresql_db':
      return state === 'absent' && names[0] ? (module === 'mysql_db' ? `mysqladmin -f drop ${q(names[0])}` : `dropdb ${q(names[0])}`) : undefined;
    case 'postgresql_user':
      return state === 'absent' && names[0] ? `dropuser ${q(names[0])}` : undefined;
    case 'reboot':
      return 'reboot';
  }
  return undefined;
}

/** `ansible <pattern> [-m module] -a '<args>' [-b]`: what every host it names runs. */
export function ansibleInner(rest: readonly Word[]): AnsibleInner | undefined {
  let module = 'command';
  let argsWord: Word | undefined;
  let pattern: string | undefined;
  let become = false;
  const words = rest.slice(0, 256);
  for (let i = 0; i < words.length; i++) {
    const v = words[i].value;
    const eq = v.indexOf('=');
    const name = v.startsWith('--') && eq !== -1 ? v.slice(0, eq) : v;
    const value = (): Word | undefined => (v.startsWith('--') && eq !== -1 ? { ...words[i], value: v.slice(eq + 1) } : words[++i]);
    // Check mode changes nothing: shell, command and raw are skipped, the other modules only report.
    if (name === '-C' || name === '--check') return undefined;
    if (name === '-m' || name === '--module-name') module = value()?.value ?? module;
    else if (/^-m./.test(v) && !v.startsWith('--')) module = v.slice(2);
    else if (name === '-a' || name === '--args') argsWord = value();
    else if (/^-[A-Za-z]*b[A-Za-z]*$/.test(v) && !ANSIBLE_SHORT_WITH_VALUE.has(v) || name === '--become') become = true;
    else if (ANSIBLE_SHORT_WITH_VALUE.has(name) || ANSIBLE_LONG_WITH_VALUE.has(name)) {
      if (!(v.startsWith('--') && eq !== -1)) i++;
    } else if (!v.startsWith('-') && pattern === undefined) pattern = v;
  }
  // Collection names: ansible.builtin.shell, community.general.pacman.
  const short = module.replace(/^[\w]+\.[\w]+\./, '');
  if (short === 'reboot') return { text: 'reboot', word: argsWord ?? words[0], pattern, become };
  if (!argsWord) return undefined;
  if (short === 'shell' || short === 'command' || short === 'raw' || short === 'win_shell' || short === 'win_command') {
    // Free-form parameters in front of the command (`chdir=/srv creates=x`) read as assignments, which they resemble.
    return { text: argsWord.value, word: argsWord, pattern, become };
  }
  const text = moduleCommand(short, argsWord.value);
  return text ? { text, word: argsWord, pattern, become } : undefined;
}
