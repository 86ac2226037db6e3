/**
 * The code an interpreter command line carries itself: `python3 -c '…'`, `node -e '…'`,
 * `ruby -e '…' -e '…'`, `perl -E '…'`, `deno eval '…'`, `tsx -e '…'`, and a script fed on
 * standard input (`python3 - <<'EOF'`, `node <<EOF`, `echo '…' | ruby`). Which language it is
 * and where its text sits in the line, so what source/scan.ts finds can point at its line.
 */
import type { Word } from './model';
import type { Span } from '../types';
import type { SourceLanguage } from '../source/lex';
import { sourceScan } from '../parsers/on-demand';
import type { SourceScan } from '../source/scan';
import { DYN } from './words';

export interface InlineCode {
  language: SourceLanguage;
  text: string;
  /** Where the text is in the command line. */
  span: Span;
  /** `offsets[i]` is the line offset of `text[i]`, when the text maps character by character. */
  offsets?: readonly number[];
  /** How the line hands the code over, for messages: `-c`, `-e`, `eval`, `stdin`. */
  how: string;
  /** The code's word as written (`"$CODE"`), when it is one word of the line. */
  raw?: string;
}

interface Spec {
  language: SourceLanguage;
  /** Options whose next word is the code. */
  code: readonly string[];
  /** Options that take a value in the next word (so it is not the script). */
  withValue: readonly string[];
  /** Options after which what follows is not inline code at all (`python -m pytest`). */
  module?: readonly string[];
  /** A subcommand that introduces the code (`deno eval`). */
  sub?: string;
  /** Several code options add up (`ruby -e a -e b`). */
  repeat?: boolean;
}

const PYTHON: Spec = { language: 'python', code: ['-c'], withValue: ['-W', '-X', '--check-hash-based-pycs'], module: ['-m'] };
const NODE: Spec = { language: 'javascript', code: ['-e', '--eval', '-p', '--print'], withValue: ['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '--title', '--input-type'] };
const TS: Spec = { language: 'typescript', code: ['-e', '--eval', '-p', '--print'], withValue: ['-r', '--require', '--import', '--tsconfig', '-P', '--project', '-C', '--compiler', '-O', '--compilerOptions'] };

const SPECS: Readonly<Record<string, Spec>> = {
  python: PYTHON,
  python2: PYTHON,
  python3: PYTHON,
  pypy: PYTHON,
  pypy3: PYTHON,
  node: NODE,
  nodejs: NODE,
  bun: { ...NODE, withValue: [...NODE.withValue, '--cwd', '--config', '-c'] },
  deno: { language: 'typescript', code: [], withValue: ['--ext', '--config', '-c', '--import-map', '--location', '--seed', '--v8-flags', '--cert'], sub: 'eval' },
  tsx: TS,
  'ts-node': TS,
  'ts-node-esm': TS,
  ruby: { language: 'ruby', code: ['-e'], withValue: ['-r', '-I', '-C', '-E', '--encoding', '-F'], repeat: true },
  perl: { language: 'perl', code: ['-e', '-E'], withValue: ['-I'], repeat: true },
};

/** The language an interpreter program reads, when source/scan.ts reads it. */
export function languageOfProgram(program: string): SourceLanguage | undefined {
  if (/^python\d+(\.\d+)?$/.test(program)) return 'python';
  return Object.prototype.hasOwnProperty.call(SPECS, program) ? SPECS[program].language : undefined;
}

/**
 * The inline code of an interpreter command: its arguments after the program, and what a
 * heredoc, here-string or pipe feeds it. Undefined when it runs a file or a module instead.
 */
export function inlineCodeOf(program: string, args: readonly (Word & { offsets?: readonly number[] })[], stdin?: { text: string; span: Span; exact: boolean }): InlineCode | undefined {
  const spec = /^python\d+(\.\d+)?$/.test(program) ? PYTHON : Object.prototype.hasOwnProperty.call(SPECS, program) ? SPECS[program] : undefined;
  if (!spec) return undefined;
  const pieces: { word: Word & { offsets?: readonly number[] }; value: string; skip: number; how: string }[] = [];
  let i = 0;
  if (spec.sub) {
    // `deno eval [options] CODE`.
    while (i < args.length && args[i].value.startsWith('-')) i += optionWidth(args[i].value, spec);
    if (args[i]?.value !== spec.sub) return undefined;
    i++;
    while (i < args.length && args[i].value.startsWith('-') && args[i].value !== '-') i += optionWidth(args[i].value, spec);
    const w = args[i];
    return w ? fromWords([{ word: w, value: w.value, skip: 0, how: spec.sub }], spec) : undefined;
  }
  let script = false;
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') {
      script = i + 1 < args.length;
      break;
    }
    if (v === '-') break;
    if (!v.startsWith('-')) {
      script = true;
      break;
    }
    if (spec.module?.some((m) => v === m || (v.startsWith(m) && !v.startsWith('--')))) return undefined;
    // Bundled short options end with the code option: `perl -ne '…'`, `python -Bc '…'`.
    const last = v[v.length - 1];
    const bundled = /^-[A-Za-z]{2,}$/.test(v) && spec.code.includes(`-${last}`) && !spec.code.includes(v.slice(0, 2)) ? `-${last}` : undefined;
    const code = bundled ?? spec.code.find((c) => v === c || (c.startsWith('--') ? v.startsWith(`${c}=`) : v.startsWith(c) && v.length > c.length));
    if (code) {
      const glued = !bundled && v !== code;
      const word = glued ? args[i] : args[i + 1];
      if (!word) break;
      const skip = glued ? code.length + (code.startsWith('--') ? 1 : 0) : 0;
      pieces.push({ word, value: glued ? v.slice(skip) : word.value, skip, how: code });
      if (!glued) i++;
      // Python and Node stop reading options at the code; what follows is its argv.
      if (!spec.repeat) break;
      continue;
    }
    i += optionWidth(v, spec) - 1;
  }
  if (pieces.length) return fromWords(pieces, spec);
  if (script || !stdin || stdin.text.trim() === '') return undefined;
  const offsets = stdin.exact ? Array.from({ length: stdin.text.length }, (_, k) => Math.min(stdin.span.start + k, Math.max(stdin.span.start, stdin.span.end - 1))) : undefined;
  return { language: spec.language, text: stdin.text, span: stdin.span, offsets, how: 'stdin' };
}

function optionWidth(v: string, spec: Spec): number {
  return spec.withValue.includes(v) ? 2 : 1;
}

function fromWords(pieces: { word: Word & { offsets?: readonly number[] }; value: string; skip: number; how: string }[], spec: Spec): InlineCode {
  const text = pieces.map((p) => p.value).join('\n');
  const span = { start: Math.min(...pieces.map((p) => p.word.span.start)), end: Math.max(...pieces.map((p) => p.word.span.end)) };
  let offsets: number[] | undefined;
  if (pieces.every((p) => p.word.offsets && p.word.offsets.length === p.word.value.length && !p.word.dynamic)) {
    offsets = [];
    pieces.forEach((p, k) => {
      if (k > 0) offsets!.push(p.word.span.start);
      offsets!.push(...p.word.offsets!.slice(p.skip));
    });
  }
  return { language: spec.language, text, span, offsets, how: pieces[0].how, raw: pieces.length === 1 ? pieces[0].word.raw : undefined };
}

/** The span in the command line of 1-based `line` of the inline code. */
export function lineSpan(code: InlineCode, line: number): Span {
  if (!code.offsets || code.offsets.length !== code.text.length) return code.span;
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = code.text.indexOf('\n', start);
    if (nl === -1) return code.span;
    start = nl + 1;
  }
  let end = code.text.indexOf('\n', start);
  if (end === -1) end = code.text.length;
  while (start < end && /\s/.test(code.text[start])) start++;
  while (end > start && /\s/.test(code.text[end - 1])) end--;
  if (end <= start) return code.span;
  return { start: code.offsets[start], end: code.offsets[end - 1] + 1 };
}

/** What extract.ts is handed to read inline code (see useInlineReader there). */
export interface InlineReader {
  languageOf(program: string): SourceLanguage | undefined;
  codeOf: typeof inlineCodeOf;
  lineSpan: typeof lineSpan;
  scan(code: InlineCode): SourceScan;
}

export const INLINE_READER: InlineReader = {
  languageOf: languageOfProgram,
  codeOf: inlineCodeOf,
  lineSpan,
  // What the shell expands into the code (`"…$DIR…"`) is run-time text there too.
  scan: (code) => {
    const { RUNTIME_TEXT, scanSource } = sourceScan();
    return scanSource(code.language, code.text.split(DYN).join(RUNTIME_TEXT));
  },
};
