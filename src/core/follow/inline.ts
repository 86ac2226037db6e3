/**
 * Program text written into the line: `python -c '…'`, `node -e '…'`, `perl -e '…'`, and a
 * heredoc fed to an interpreter (`python3 - <<'EOF'`). Read by the same source reader as a file,
 * each deletion or shell-out judged like the command typed. Needs no file, so it is read whatever
 * the adapter.
 */
import type { SimpleCommand, Word } from '../shell/model';
import { DYN } from '../shell/words';
import { spanFromProgram } from '../rules/rule';
import { languageOfPath } from './interpreters';
import { scanSource, type SourceLanguage } from '../source/scan';
import { type FollowEnv, type Invocation, LineIndex, step, type Unit, wordsOf } from './state';

const LANGUAGE: Readonly<Record<string, { language: SourceLanguage; flags: readonly string[] }>> = {
  python: { language: 'python', flags: ['-c'] },
  node: { language: 'javascript', flags: ['-e', '--eval', '-p', '--print'] },
  nodejs: { language: 'javascript', flags: ['-e', '--eval', '-p', '--print'] },
  bun: { language: 'typescript', flags: ['-e', '--eval', '-p', '--print'] },
  deno: { language: 'typescript', flags: ['eval'] },
  ruby: { language: 'ruby', flags: ['-e'] },
  perl: { language: 'perl', flags: ['-e', '-E'] },
};

/** Where inline code stands in a chain. */
export const INLINE_FILE = '(inline code)';

export function inlineCode(cmd: SimpleCommand, env: FollowEnv): Invocation | undefined {
  const spec = LANGUAGE[/^python\d?(\.\d+)?$|^pypy3?$/.test(cmd.program) ? 'python' : cmd.program];
  if (!spec) return undefined;
  const code = codeWord(cmd.args, spec.flags);
  let text: string | undefined;
  let words: Word[];
  if (code) {
    text = code.value;
    words = [code];
  } else {
    // A heredoc or here-string is the program when no file is named (or the file is `-`).
    const positional = cmd.args.find((a) => !a.value.startsWith('-') || a.value === '-');
    if (cmd.stdinText === undefined || (positional && positional.value !== '-')) return undefined;
    text = cmd.stdinText;
    words = positional ? [positional] : [];
  }
  if (!text.trim()) return undefined;
  const span = spanFromProgram(cmd, words);
  const language = spec.language === 'typescript' || spec.language === 'javascript' ? languageOfPath('', spec.language) : spec.language;
  const scan = scanSource(language, text.split(DYN).join('"$RUNTIME_VALUE"'), { scriptDir: env.cwd });
  const lines = new LineIndex(text);
  const units: Unit[] = scan.steps.slice(0, 200).map((s, i) => ({
    text: s.command,
    cwd: env.cwd,
    key: `inline\u0000${cmd.span.start}\u0000${i}\u0000${s.command}`,
    at: () => step(INLINE_FILE, s.line, lines.line(s.line) || s.text),
  }));
  return { span, what: wordsOf(cmd, span), units, problems: scan.issues.slice(0, 5) };
}

function codeWord(args: readonly Word[], flags: readonly string[]): Word | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (flags.includes(v)) return args[i + 1];
    const f = flags.find((x) => x.length === 2 && x.startsWith('-') && v.startsWith(x) && v.length > 2 && !v.startsWith('--'));
    if (f) return { ...args[i], value: v.slice(2) };
    if (!v.startsWith('-') && !flags.includes(v)) return undefined;
  }
  return undefined;
}

