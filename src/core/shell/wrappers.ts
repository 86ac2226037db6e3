/**
 * Programs that run another program. For each, how to find the inner command in its arguments.
 * Tables, not code: an option that takes a value must be listed, or the value would be taken
 * for the program.
 */

export interface WrapperSpec {
  /** Short options that take a value (`-u root`). */
  shortWithValue?: string;
  /** Long options that take a separate value (`--user root`); `--user=root` is handled anyway. */
  longWithValue?: readonly string[];
  /** Leading positional arguments to skip before the program (timeout's DURATION). */
  skipPositionals?: number;
  /** The inner command runs with elevated rights. */
  elevated?: boolean;
  /** Options after which there is no inner command (`command -v`, `sudo -l`). */
  noExecFlags?: string;
  /** Stops option parsing at the first non-option (most do). */
  assignments?: boolean;
}

export const WRAPPERS: Readonly<Record<string, WrapperSpec>> = {
  sudo: { shortWithValue: 'ugpChDrtTU', longWithValue: ['--user', '--group', '--prompt', '--close-from', '--host', '--chdir', '--role', '--type', '--command-timeout', '--other-user'], elevated: true, noExecFlags: 'lvVK', assignments: true },
  doas: { shortWithValue: 'uC', elevated: true },
  run0: { shortWithValue: 'uGD', longWithValue: ['--user', '--group', '--chdir', '--description', '--setenv'], elevated: true },
  pkexec: { longWithValue: ['--user'], elevated: true },
  env: { shortWithValue: 'uCS', longWithValue: ['--unset', '--chdir', '--split-string'], assignments: true },
  command: { noExecFlags: 'vV' },
  builtin: {},
  exec: { shortWithValue: 'a' },
  nohup: {},
  nice: { shortWithValue: 'n', longWithValue: ['--adjustment'] },
  ionice: { shortWithValue: 'cnpPu', longWithValue: ['--class', '--classdata', '--pid', '--pgid', '--uid'] },
  time: { shortWithValue: 'fo', longWithValue: ['--format', '--output'] },
  timeout: { shortWithValue: 'sk', longWithValue: ['--signal', '--kill-after'], skipPositionals: 1 },
  stdbuf: { shortWithValue: 'ioe', longWithValue: ['--input', '--output', '--error'] },
  setsid: {},
  chrt: { skipPositionals: 1 },
  taskset: { skipPositionals: 1 },
  unbuffer: {},
  caffeinate: { shortWithValue: 'tw' },
  flock: { shortWithValue: 'wEc', skipPositionals: 1 },
  'xvfb-run': { shortWithValue: 'nspfe', longWithValue: ['--server-num', '--server-args', '--xauth-protocol', '--auth-file', '--error-file'] },
  busybox: {},
  npx: { shortWithValue: 'pc', longWithValue: ['--package', '--call'] },
  bunx: {},
  pnpx: {},
  'dotenv': { shortWithValue: 'ecv' },
  proxychains: { shortWithValue: 'f' },
  proxychains4: { shortWithValue: 'f' },
  torsocks: {},
  strace: { shortWithValue: 'eopsuEIPS' },
  ltrace: { shortWithValue: 'eopsuEn' },
  valgrind: {},
  gdb: {},
  entr: {},
  chronic: {},
  ifne: {},
};

/** Shells that take a command string with `-c`. */
export const POSIX_SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'yash', 'fish', 'csh', 'tcsh', 'rbash']);

/** Programs whose command string is run by a POSIX shell: `su -c '…'`, `script -c '…'`. */
export const SHELL_STRING_OPTIONS: Readonly<Record<string, { flag: string; long?: string; elevated?: boolean }>> = {
  su: { flag: 'c', long: '--command', elevated: true },
  runuser: { flag: 'c', long: '--command', elevated: true },
  sg: { flag: 'c' },
  script: { flag: 'c', long: '--command' },
};

/** ssh options that take a value. */
export const SSH_SHORT_WITH_VALUE = 'bcDEeFIiJLlmOopQRSWwB';

/** docker/podman run and exec options that take a value (long forms; short forms below). */
export const CONTAINER_LONG_WITH_VALUE: ReadonlySet<string> = new Set([
  '--name', '--env', '--env-file', '--volume', '--workdir', '--user', '--publish', '--network', '--net', '--entrypoint',
  '--label', '--mount', '--hostname', '--platform', '--memory', '--cpus', '--cpu-shares', '--restart', '--add-host',
  '--device', '--dns', '--log-driver', '--log-opt', '--pull', '--runtime', '--security-opt', '--shm-size', '--ulimit',
  '--cap-add', '--cap-drop', '--detach-keys', '--gpus', '--ipc', '--pid', '--tmpfs', '--volumes-from', '--expose',
  '--health-cmd', '--stop-signal', '--stop-timeout', '--cidfile', '--group-add', '--link', '--mac-address', '--ip',
  '--userns', '--uts', '--cgroupns', '--cgroup-parent', '--label-file', '--attach', '--context', '--host', '--namespace',
]);
export const CONTAINER_SHORT_WITH_VALUE = 'evwupmhlacn';

/** Decoders that turn a harmless-looking payload into a script. */
export const DECODERS: Readonly<Record<string, readonly string[]>> = {
  base64: ['-d', '--decode', '-D'],
  base32: ['-d', '--decode'],
  basenc: ['-d', '--decode'],
  xxd: ['-r'],
  openssl: ['-d', 'base64', '-base64'],
  gunzip: [],
  zcat: [],
  gzip: ['-d', '--decompress'],
  bzip2: ['-d'],
  bunzip2: [],
  xz: ['-d'],
  unxz: [],
  uudecode: [],
  rev: [],
};

/** Interpreters and the flag that introduces a program text. */
export const INTERPRETERS: Readonly<Record<string, readonly string[]>> = {
  python: ['-c'],
  python2: ['-c'],
  python3: ['-c'],
  pypy: ['-c'],
  pypy3: ['-c'],
  node: ['-e', '--eval', '-p', '--print'],
  nodejs: ['-e', '--eval', '-p', '--print'],
  bun: ['-e', '--eval', '-p', '--print'],
  deno: ['eval'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  php: ['-r'],
  lua: ['-e'],
  osascript: ['-e'],
};
