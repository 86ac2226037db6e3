/**
 * Files a line writes before it runs them: `printf 'rm -rf src' > x.sh && sh x.sh`, a heredoc
 * into a file then `bash` on it. What the line shows is the file's text from then on; a file
 * written from something unseen (`curl -o x.sh …`, `cp a x.sh`) cannot be read and says so.
 */
import type { SimpleCommand, Word } from '../shell/model';
import { DYN } from '../shell/words';
import type { CommandContext } from '../types';
import { type FollowState, resolvePath } from './state';

const WRITE = /^(>|>>|>\||&>|&>>)$/;
/** Where writing loses nothing: not a file a line could later run. */
const SINKS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/tty']);

/** Records what `cmd` writes, for the commands after it on the line. */
export function noteWrites(cmd: SimpleCommand, ctx: CommandContext, state: FollowState): void {
  if (cmd.remote || !ctx.cwd) return;
  const base = cmd.cwd === undefined ? ctx.cwd : cmd.cwd.includes(DYN) ? undefined : resolvePath(ctx.cwd, cmd.cwd, ctx.home);
  if (!base) return;
  const at = (w: Word): string | undefined => (w.dynamic || w.glob ? undefined : resolvePath(base, w.value, ctx.home));
  const by = cmd.programWord.value;
  for (const r of cmd.redirects) {
    if (!r.target || !WRITE.test(r.op)) continue;
    const path = at(r.target);
    if (!path || SINKS.has(path)) continue;
    record(state, path, printedBy(cmd), r.op.endsWith('>>'), `${by} ${r.op} ${r.target.value}`);
  }
  for (const { word, append } of writtenArgs(cmd)) {
    const path = at(word);
    if (!path || SINKS.has(path)) continue;
    record(state, path, cmd.program === 'tee' ? teeInput(cmd) : undefined, append, `${by} … ${word.value}`);
  }
}

function record(state: FollowState, path: string, text: string | undefined, append: boolean, by: string): void {
  const before = state.written.get(path);
  if (text === undefined) {
    state.written.set(path, { base: 'unknown', parts: [], by });
    return;
  }
  if (!append) state.written.set(path, { base: 'empty', parts: [text], by });
  else if (before) before.parts.push(text);
  else state.written.set(path, { base: 'disk', parts: [text], by });
}

/** The words a program writes to as files (not through a redirect). */
function writtenArgs(cmd: SimpleCommand): { word: Word; append: boolean }[] {
  const args = cmd.args;
  const value = (flags: string[]): Word[] => {
    const out: Word[] = [];
    for (let i = 0; i < args.length; i++) {
      const v = args[i].value;
      if (flags.includes(v) && args[i + 1]) out.push(args[i + 1]);
      for (const f of flags) if (f.startsWith('--') && v.startsWith(`${f}=`)) out.push({ ...args[i], value: v.slice(f.length + 1) });
    }
    return out;
  };
  const positionals = args.filter((a) => !a.value.startsWith('-'));
  switch (cmd.program) {
    case 'tee':
      return positionals.map((word) => ({ word, append: args.some((a) => a.value === '-a' || a.value === '--append') }));
    case 'curl':
      return value(['-o', '--output']).map((word) => ({ word, append: false }));
    case 'wget':
      return value(['-O', '--output-document']).map((word) => ({ word, append: false }));
    case 'cp':
    case 'mv':
    case 'install':
    case 'ln': {
      const target = value(['-t', '--target-directory']);
      if (target.length) return [];
      const last = positionals[positionals.length - 1];
      return last && positionals.length >= 2 ? [{ word: last, append: false }] : [];
    }
    case 'dd':
      return args.filter((a) => a.value.startsWith('of=')).map((a) => ({ word: { ...a, value: a.value.slice(3) }, append: false }));
    default:
      return [];
  }
}

/** What `tee` is fed: a heredoc, or what the previous stage of its pipe prints. */
function teeInput(cmd: SimpleCommand): string | undefined {
  if (cmd.stdinText !== undefined) return cmd.stdinText;
  const prev = cmd.pipeline?.previous ?? [];
  return prev.length === 1 ? printedBy(prev[0]) : undefined;
}

/** What a command prints, when the line shows it: `cat <<EOF`, `echo …`, `printf …`. */
export function printedBy(cmd: SimpleCommand): string | undefined {
  if (cmd.args.some((a) => a.dynamic)) return undefined;
  const values = cmd.args.map((a) => a.value);
  switch (cmd.program) {
    case 'cat':
      return values.every((v) => v === '-') && cmd.stdinText !== undefined ? cmd.stdinText : undefined;
    case 'echo': {
      let i = 0;
      let newline = true;
      let escapes = false;
      for (; i < values.length && /^-[neE]+$/.test(values[i]); i++) {
        if (values[i].includes('n')) newline = false;
        if (values[i].includes('e')) escapes = true;
      }
      const text = values.slice(i).join(' ');
      return (escapes ? unescape(text) : text) + (newline ? '\n' : '');
    }
    case 'printf':
      return values.length && !values[0].startsWith('-') ? printf(values[0], values.slice(1)) : undefined;
    default:
      return undefined;
  }
}

function unescape(s: string): string {
  return s.replace(/\\([\\abfnrtv'"]|0[0-7]{0,3})/g, (_m, c: string) => {
    const map: Record<string, string> = { '\\': '\\', a: '\u0007', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', "'": "'", '"': '"' };
    return c.startsWith('0') ? String.fromCharCode(parseInt(c, 8) || 0) : (map[c] ?? c);
  });
}

/** printf's format applied to its arguments, as far as text goes (each conversion takes one argument). */
function printf(format: string, args: string[]): string {
  let out = '';
  let k = 0;
  const once = (): string => {
    let s = '';
    for (let i = 0; i < format.length; i++) {
      const c = format[i];
      if (c === '%' && format[i + 1] === '%') {
        s += '%';
        i++;
      } else if (c === '%') {
        const m = /^%[-+ #0]*\d*(?:\.\d+)?([a-zA-Z])/.exec(format.slice(i));
        if (!m) {
          s += c;
          continue;
        }
        const arg = args[k++] ?? '';
        s += m[1] === 'b' ? unescape(arg) : arg;
        i += m[0].length - 1;
      } else s += c;
    }
    return unescape(s);
  };
  out += once();
  for (let guard = 0; k < args.length && guard < 64; guard++) out += once();
  return out;
}
