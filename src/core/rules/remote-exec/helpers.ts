/**
 * What several remote-exec rules share.
 */
import type { SimpleCommand } from '../../shell/model';
import type { Severity } from '../../types';
import { shown } from '../cli-options';

/** Programs that fetch a URL and can write it to stdout. */
const DOWNLOADERS: ReadonlySet<string> = new Set([
  'curl', 'wget', 'fetch', 'http', 'https', 'xh', 'xhs', 'lwp-request', 'get', 'aria2c', 'invoke-webrequest', 'invoke-restmethod', 'iwr', 'irm', 'curl.exe', 'wget2',
]);

export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'yash', 'fish', 'csh', 'tcsh', 'rbash', 'busybox']);

/** Interpreters and the option that makes them run a code string instead of reading a file. */
export const INTERPRETERS: Readonly<Record<string, readonly string[]>> = {
  python: ['-c'],
  python2: ['-c'],
  python3: ['-c'],
  pypy: ['-c'],
  pypy3: ['-c'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  node: ['-e', '--eval', '-p', '--print'],
  nodejs: ['-e', '--eval', '-p', '--print'],
  bun: ['-e', '--eval'],
  php: ['-r'],
  lua: ['-e'],
  tclsh: [],
  pwsh: ['-c', '-command', '-Command'],
  powershell: ['-c', '-command', '-Command'],
};

export function interpreterOf(program: string): readonly string[] | undefined {
  if (INTERPRETERS[program]) return INTERPRETERS[program];
  if (/^python\d+(\.\d+)?$/.test(program)) return INTERPRETERS.python;
  return undefined;
}

export function isDownloader(c: SimpleCommand): boolean {
  return DOWNLOADERS.has(c.program);
}

/** The URL a downloader fetches, for the message. */
export function urlOf(c: SimpleCommand): string | undefined {
  const w = c.args.find((a) => /^[a-z][a-z0-9+.-]*:\/\//i.test(a.value)) ?? c.args.find((a) => !a.value.startsWith('-') && /\.[a-z]{2,}(\/|$)/i.test(a.value));
  return w ? shown(w.value, 80) : undefined;
}

export function severityFor(cmd: SimpleCommand): Severity {
  return cmd.elevated ? 'critical' : 'high';
}

export function runsAs(cmd: SimpleCommand): string {
  const wrapper = [...cmd.via].reverse().find((v) => v.kind === 'wrapper' && ['sudo', 'doas', 'run0', 'pkexec'].includes(v.program));
  return cmd.elevated ? ` as root${wrapper && wrapper.kind === 'wrapper' ? ` (${wrapper.program})` : ''}` : '';
}
