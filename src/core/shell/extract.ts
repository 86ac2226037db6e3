/**
 * From a command line to every simple command that would execute. Walks the tree-sitter bash
 * tree, peels off wrappers (`sudo`, `env`, `xargs`, `find -exec`, …), re-parses strings that a
 * shell would run (`bash -c`, `eval`, `ssh host '…'`, heredocs fed to shells) and marks what
 * it cannot resolve. Never throws; every loop is bounded.
 */
import type { Positional } from '../types';
import type { Node } from 'web-tree-sitter';
import { containerRunOf } from './container-run';
import type { InlineReader } from './inline-code';
import type { Span } from '../types';
import { base64Utf8 } from './decode';
import { bashParser } from './grammar';
import type { Dialect, FindScope, Draft, ExtractResult, ParseIssue, Redirect, SimpleCommand, Via, Word } from './model';
import { plainTree } from './plain-line';
import { ansibleInner, atmosInner } from './orchestrators';
import { extractPowerShellInto } from './powershell';
import { braceExpand, buildWord, buildWordFromNodes, collectSubstitutions, DYN, IFS_SPLIT, lineOffset, type WordBuild, type WordEnv } from './words';
import {
  CONTAINER_LONG_WITH_VALUE,
  CONTAINER_SHORT_WITH_VALUE,
  DECODERS,
  INTERPRETERS,
  POSIX_SHELLS,
  SHELL_STRING_OPTIONS,
  SSH_SHORT_WITH_VALUE,
  WRAPPERS,
} from './wrappers';

/**
 * The command a redirect written after a list or pipeline belongs to: its last one, when that is
 * a plain command (a compound one carries its own redirects).
 */
function lastCommand(node: Node): Node | undefined {
  if (node.type === 'command') return undefined;
  let cur: Node | null = node;
  for (let depth = 0; cur && depth < 64; depth++) {
    if (cur.type === 'command') return cur;
    if (cur.type !== 'list' && cur.type !== 'pipeline' && cur.type !== 'negated_command') return undefined;
    const kids: Node[] = cur.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    cur = kids[kids.length - 1] ?? null;
  }
  return undefined;
}

/** The engine reads at most this much of a line. */
export const MAX_LINE = 64 * 1024;
const MAX_DEPTH = 8;
const MAX_COMMANDS = 2000;
const MAX_NODES = 200_000;
/** `for` loop bodies read once per listed word, at most this many times in all. */
const MAX_UNROLLED = 64;

interface Walk {
  text: string;
  env: { base: number; map?: readonly number[]; coarse?: Span; vars: Map<string, { value: string; offsets: number[] }> };
  via: Via[];
  elevated: boolean;
  remote: boolean;
  depth: number;
  cwd?: string;
}

/**
 * Reads the code an interpreter line carries (`python3 -c`, a heredoc into `node`): handed in
 * with following (engine.ts useFollowing), so that bundles which never judge it do not carry the
 * source reader. Without it, only the shell-outs of one-liners are read, as before.
 */
let inlineReader: InlineReader | undefined;

export function useInlineReader(r: InlineReader | undefined): void {
  inlineReader = r;
}

class Extractor {
  readonly commands: SimpleCommand[] = [];
  readonly issues: ParseIssue[] = [];
  /** Some text was not plain words and the shell grammar was not loaded. */
  needsGrammar = false;
  private nodes = 0;
  /** Loop bodies read so far with a bound variable (forLoop). */
  private unrolled = 0;
  private cwd: string | undefined;
  /**
   * Redirects tree-sitter hung on a whole list or pipeline (`cd x && cat <<EOF`, `a | b <<EOF`),
   * keyed by the node id of the command they belong to: in the shell, the last one.
   */
  private readonly adopted = new Map<number, Node[]>();
  /** Functions defined so far in the line: a later call runs the body with its arguments as $1, $2, $@. */
  private readonly functions = new Map<string, { body: Node; w: Walk }>();
  /** Aliases defined so far on the line (or in the file being read): name → text. */
  private readonly aliases = new Map<string, string>();

  constructor(private readonly line: string) {}

  full(): boolean {
    return this.commands.length >= MAX_COMMANDS || this.nodes >= MAX_NODES;
  }

  issue(message: string, span: Span, blocksAnalysis = true): void {
    if (this.issues.length < 50) this.issues.push({ message, span, blocksAnalysis });
  }

  /** Parses `text` (which maps into the line through `env`) and extracts its commands. */
  parse(text: string, walk: Omit<Walk, 'text'>, out: SimpleCommand[]): void {
    if (walk.depth > MAX_DEPTH) {
      this.issue('commands nested too deeply to follow', this.spanIn(walk.env, 0, text.length));
      return;
    }
    // A line of plain words has one tree, built here as tree-sitter would build it; the grammar
    // is needed only for the rest (and need not be loaded for a CLI run that meets no other).
    const plain = plainTree(text);
    const parser = plain ? undefined : bashParser();
    if (!plain && !parser) {
      this.needsGrammar = true;
      this.issue('shell grammar not loaded', { start: 0, end: this.line.length });
      return;
    }
    const fixed = plain ? undefined : separateLeadingBackslashes(text);
    if (fixed) {
      // Re-index through the inserted spaces so spans still point into the line.
      const env = walk.env;
      const map = fixed.map.map((i) => lineOffset(env, i));
      walk = { ...walk, env: { ...env, base: 0, map } };
      text = fixed.text;
    }
    let tree;
    try {
      tree = plain ?? parser?.parse(text);
    } catch (e) {
      this.issue(`could not parse the command (${String(e)})`, this.spanIn(walk.env, 0, text.length));
      return;
    }
    if (!tree) {
      this.issue('could not parse the command', this.spanIn(walk.env, 0, text.length));
      return;
    }
    try {
      const savedCwd = this.cwd;
      this.visit(tree.rootNode, { ...walk, text }, out);
      this.cwd = savedCwd;
    } finally {
      tree.delete();
    }
  }

  spanIn(env: WordEnv, from: number, to: number): Span {
    if (env.coarse) return env.coarse;
    const start = lineOffset(env, from);
    const end = to > from ? lineOffset(env, to - 1) + 1 : start;
    return { start, end: Math.max(start, end) };
  }

  private visit(node: Node, w: Walk, out: SimpleCommand[]): void {
    if (this.full()) return;
    this.nodes++;
    switch (node.type) {
      case 'comment':
      case 'heredoc_body':
      case 'heredoc_start':
      case 'heredoc_end':
        return;
      case 'command':
        this.command(node, this.adopted.get(node.id) ?? [], w, out);
        return;
      case 'redirected_statement':
        this.redirected(node, w, out);
        return;
      case 'pipeline':
        this.pipeline(node.namedChildren.filter((c): c is Node => !!c), w, out);
        return;
      case 'subshell': {
        const saved = this.cwd;
        this.children(node, w, out);
        this.cwd = saved;
        return;
      }
      case 'variable_assignment':
        this.assignment(node, w, out);
        return;
      case 'declaration_command':
        this.declaration(node, w, out);
        return;
      case 'for_statement':
        this.forLoop(node, w, out);
        return;
      case 'function_definition': {
        const body = node.childForFieldName('body');
        const name = node.childForFieldName('name')?.text ?? '';
        if (body && forkBomb(name, body.text, w.text.slice(node.endIndex))) {
          // A function that starts copies of itself in a pipe or in the background, and is then
          // called, multiplies until the machine has no processes left: recorded as FORK_BOMB.
          const span = this.spanIn(w.env, node.startIndex, node.endIndex);
          this.record({ words: [synthWord(FORK_BOMB, span)], assignments: [], redirects: [], span, via: w.via, elevated: w.elevated, remote: w.remote, inner: [] }, FORK_BOMB, out);
        }
        if (body && this.functions.size < 32) this.functions.set(name, { body, w });
        // Called later in the line: judged there, with its arguments. Otherwise judged as written.
        if (body && !(this.functions.has(name) && calledAfter(name, w.text.slice(node.endIndex)))) this.visit(body, { ...w, via: [...w.via, { kind: 'function', name }] }, out);
        return;
      }
      case 'command_substitution':
      case 'process_substitution':
        this.children(node, { ...w, via: [...w.via, { kind: 'substitution' }] }, out);
        return;
      case 'ERROR':
        this.error(node, w);
        this.children(node, w, out);
        return;
      default:
        this.children(node, w, out);
    }
  }

  private children(node: Node, w: Walk, out: SimpleCommand[]): void {
    for (const c of node.namedChildren) if (c) this.visit(c, w, out);
  }

  /** A syntax error only matters when the broken part could hide a program we care about. */
  private error(node: Node, w: Walk): void {
    const span = this.spanIn(w.env, node.startIndex, node.endIndex);
    const text = node.text;
    const risky = /[`$]|\b(?:eval|exec|sh|bash|zsh|sudo|xargs)\b/.test(text) || wordsOf(text).some((t) => RISKY_WORDS.has(t));
    this.issue(`the shell would not parse this part${risky ? ', and it names a program that can destroy data' : ''}`, span, risky);
  }

  /**
   * `export NAME=value`, `declare -x NAME=value`: the variable is set for this shell as any
   * assignment is, and, since every later program of the session inherits it, the export is
   * recorded as a command of its own (`export NAME=value`) for the rules that judge settings
   * (TLS checks switched off). Other declarations (`local`, `readonly`, `declare` without -x) only
   * set the variable.
   */
  private declaration(node: Node, w: Walk, out: SimpleCommand[]): void {
    const keyword = node.child(0)?.text ?? '';
    const flags = node.namedChildren.filter((c): c is Node => !!c && c.type === 'word' && c.text.startsWith('-')).map((c) => c.text);
    const exported = keyword === 'export' || ((keyword === 'declare' || keyword === 'typeset') && flags.some((f) => /^-[a-zA-Z]*x/.test(f)));
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type !== 'variable_assignment') {
        this.visit(c, w, out);
        continue;
      }
      this.assignment(c, w, out);
      const name = c.childForFieldName('name')?.text;
      if (!exported || !name) continue;
      const span = this.spanIn(w.env, node.startIndex, node.endIndex);
      const value = w.env.vars.get(name)?.value ?? '';
      const words = [synthWord('export', this.spanIn(w.env, node.startIndex, node.startIndex + keyword.length)), synthWord(`${name}=${value}`, this.spanIn(w.env, c.startIndex, c.endIndex))];
      this.record({ words, assignments: [], redirects: [], span, via: w.via, elevated: w.elevated, remote: w.remote, inner: [] }, 'export', out);
    }
  }

  private assignment(node: Node, w: Walk, out: SimpleCommand[]): void {
    const name = node.childForFieldName('name')?.text;
    const value = node.childForFieldName('value');
    if (!name) return;
    if (!value) {
      w.env.vars.set(name, { value: '', offsets: [] });
      return;
    }
    const built = buildWord(value, w.env, w.text);
    this.substitutions(built.substitutions, w, out);
    w.env.vars.set(name, { value: built.value, offsets: built.offsets });
  }

  /**
   * `for NAME in WORDS; do BODY; done`: over a list of plain words the body is read once per
   * word with NAME bound to it, so `for d in src lib; do rm -rf "$d"; done` is judged as the
   * deletions it makes. A list the shell would expand (`$(…)`, `$X`, globs, braces, "$@") leaves
   * NAME unknown and the body is read once, as any unknown value is. Unrolling is bounded.
   */
  private forLoop(node: Node, w: Walk, out: SimpleCommand[]): void {
    const name = node.childForFieldName('variable')?.text;
    const values: Node[] = [];
    const body = node.childForFieldName('body');
    for (const c of node.namedChildren) if (c && c !== body && c.id !== body?.id && c.type !== 'variable_name' && c.type !== 'comment') values.push(c);
    // The list is expanded once, before the loop: its substitutions run whatever the body does.
    for (const v of values) this.visit(v, w, out);
    if (!body) return;
    const words = values.flatMap((v) => {
      const b = buildWord(v, w.env, w.text);
      // `for d in $LIST` with LIST known: one pass per field, as the shell splits it.
      return splitExpansion(v, b)?.map((f) => ({ ...b, value: f.value, offsets: f.offsets })) ?? [b];
    });
    const plain = name !== undefined && values.length > 0 && words.every((b) => !b.dynamic && !b.glob && !b.substitutions.length && (b.quoted || braceExpand(b.value) === undefined));
    if (!name || !plain || this.unrolled + words.length > MAX_UNROLLED) {
      if (name) w.env.vars.delete(name);
      this.visit(body, w, out);
      if (name) w.env.vars.delete(name);
      return;
    }
    this.unrolled += words.length;
    for (const b of words) {
      w.env.vars.set(name, { value: b.value, offsets: b.offsets });
      this.visit(body, w, out);
    }
  }

  private redirected(node: Node, w: Walk, out: SimpleCommand[]): void {
    const body = node.childForFieldName('body');
    const redirects: Node[] = [];
    const followers: Node[] = [];
    for (const c of node.namedChildren) {
      if (!c || c === body || c.id === body?.id) continue;
      if (c.type.endsWith('_redirect')) {
        redirects.push(c);
        // tree-sitter puts `| sh` after a heredoc start inside the redirect node.
        for (const g of c.namedChildren) {
          if (g && !['heredoc_start', 'heredoc_body', 'heredoc_end', 'file_redirect', 'word', 'string', 'raw_string', 'concatenation', 'file_descriptor', 'number'].includes(g.type)) followers.push(g);
        }
      }
    }
    if (!body) {
      // `> file` alone truncates the file as `: > file` does: judge it as that command.
      if (redirects.length && !followers.length) {
        const subs: Node[] = [];
        const built = redirects.map((r) => this.redirect(r, w, subs));
        const inner = this.substitutions(subs, w, out);
        const span = this.spanIn(w.env, node.startIndex, node.endIndex);
        this.resolve({ words: [synthWord(':', { start: span.start, end: span.start })], assignments: [], redirects: built, span, via: w.via, elevated: w.elevated, remote: w.remote, inner }, w, out, 0);
      }
      return;
    }
    if (followers.length === 0) {
      if (body.type === 'command') this.command(body, redirects, w, out);
      else {
        // `cd x && apply_patch <<'EOF'`: tree-sitter hangs the heredoc on the whole list, but the
        // shell feeds it to the last command, and so must we (a shell reading it runs it).
        const last = lastCommand(body);
        if (last) this.adopted.set(last.id, redirects);
        this.visit(body, w, out);
        if (last) this.adopted.delete(last.id);
        else for (const r of redirects) this.redirectSubstitutions(r, w, out);
      }
      return;
    }
    const first: SimpleCommand[] = [];
    if (body.type === 'command') this.command(body, redirects, w, first);
    else this.visit(body, w, first);
    out.push(...first);
    const rest: SimpleCommand[] = [];
    for (const f of followers) this.visit(f, w, rest);
    if (rest.length) {
      rest.sort((a, b) => a.span.start - b.span.start);
      const head = rest[0];
      // `cat <<EOF | git apply`: the follower is a pipeline of its own, whose first stage reads what `first` prints.
      const piped = followers.some((f) => f.type === 'pipeline');
      if (!head.pipeline || (piped && head.pipeline.index === 0)) head.pipeline = { index: 1, length: (head.pipeline?.length ?? 1) + 1, previous: first };
      this.pipedInto(head, first, w, out);
    }
    out.push(...rest);
  }

  private pipeline(stages: Node[], w: Walk, out: SimpleCommand[]): void {
    const previous: SimpleCommand[] = [];
    stages.forEach((stage, index) => {
      const got: SimpleCommand[] = [];
      this.visit(stage, w, got);
      for (const c of got) if (!c.pipeline) c.pipeline = { index, length: stages.length, previous: [...previous] };
      const head = got.find((c) => c.via.length === 0 || c.via[c.via.length - 1].kind !== 'substitution');
      if (head && index > 0) this.pipedInto(head, previous, w, out);
      out.push(...got);
      previous.push(...got);
    });
  }

  /** A shell reading a script from a pipe: run what the earlier stages print, if we can see it. */
  private pipedInto(head: SimpleCommand, previous: SimpleCommand[], w: Walk, out: SimpleCommand[]): void {
    if (inlineReader?.languageOf(head.program)) {
      this.pipedIntoInterpreter(head, previous, w, out);
      return;
    }
    if (!POSIX_SHELLS.has(head.program) || head.args.some((a) => a.value === '-c' || !a.value.startsWith('-'))) return;
    const decoder = previous.find((p) => isDecoder(p));
    if (decoder) {
      this.issue(`decodes a hidden payload (${decoder.program}) and runs it in ${head.program}`, { start: decoder.span.start, end: head.span.end });
      // A payload written into the line itself is read as the script it is.
      const payload = decodedPayload(decoder, previous);
      if (payload) this.reparseText(payload.text, payload.span, { ...w, via: [...w.via, { kind: 'heredoc-shell', program: head.program }] }, out);
      return;
    }
    const printer = previous.length === 1 ? previous[0] : undefined;
    const printed = staticPrint(printer);
    if (printed) {
      this.reparseText(printed.text, printed.span, { ...w, via: [...w.via, { kind: 'heredoc-shell', program: head.program }] }, out);
      return;
    }
    if (printer?.stdinText !== undefined && printer.program === 'cat') {
      this.reparseText(printer.stdinText, printer.stdinSpan ?? printer.span, { ...w, via: [...w.via, { kind: 'heredoc-shell', program: head.program }] }, out, printer.stdinSpan !== undefined);
    }
  }

  /** `echo '…' | python3`, `cat <<EOF | node`, `echo <b64> | base64 -d | ruby`: the printed code. */
  private pipedIntoInterpreter(head: SimpleCommand, previous: SimpleCommand[], w: Walk, out: SimpleCommand[]): void {
    const decoder = previous.find((p) => isDecoder(p));
    let printed: { text: string; span: Span; exact: boolean } | undefined;
    if (decoder) {
      const payload = decodedPayload(decoder, previous);
      if (!payload) return;
      this.issue(`decodes a hidden payload (${decoder.program}) and runs it in ${head.program}`, { start: decoder.span.start, end: head.span.end });
      printed = { ...payload, exact: false };
    } else {
      const printer = previous.length === 1 ? previous[0] : undefined;
      const p = staticPrint(printer);
      if (p) printed = { ...p, exact: false };
      else if (printer?.stdinText !== undefined && printer.program === 'cat' && printer.args.length === 0) printed = { text: printer.stdinText, span: printer.stdinSpan ?? printer.span, exact: printer.stdinSpan !== undefined };
    }
    // The invoking words are the whole pipeline: what prints the code and the interpreter.
    if (printed) this.inlineSource(head.program, head.args, printed, head.via, w, out, { start: Math.min(previous[0]?.span.start ?? head.span.start, head.span.start), end: head.span.end });
  }

  private substitutions(nodes: Node[], w: Walk, out: SimpleCommand[]): SimpleCommand[] {
    const inner: SimpleCommand[] = [];
    for (const s of nodes) this.visit(s, w, inner);
    out.push(...inner);
    return inner;
  }

  private redirectSubstitutions(r: Node, w: Walk, out: SimpleCommand[]): void {
    const subs: Node[] = [];
    for (const c of r.namedChildren) if (c && c.type !== 'heredoc_body') collectSubstitutions(c, subs);
    this.substitutions(subs, w, out);
  }

  private word(node: Node, w: Walk): WordBuild {
    return buildWord(node, w.env, w.text);
  }

  private toWords(node: Node | Node[], w: Walk, subs: Node[]): (Word & { offsets: number[] })[] {
    const nodes = Array.isArray(node) ? node : [node];
    const b = nodes.length === 1 ? this.word(nodes[0], w) : buildWordFromNodes(nodes, w.env, w.text);
    subs.push(...b.substitutions);
    const first = nodes[0];
    const last = nodes[nodes.length - 1];
    const span = this.spanIn(w.env, first.startIndex, last.endIndex);
    const raw = w.text.slice(first.startIndex, last.endIndex);
    const parts: { value: string; offsets: number[] }[] = [];
    const fields = nodes.length === 1 ? splitExpansion(first, b) : undefined;
    if (fields) parts.push(...fields);
    else if (b.value.includes(IFS_SPLIT)) {
      let cur = { value: '', offsets: [] as number[] };
      for (let i = 0; i < b.value.length; i++) {
        if (b.value[i] === IFS_SPLIT) {
          if (cur.value) parts.push(cur);
          cur = { value: '', offsets: [] };
        } else {
          cur.value += b.value[i];
          cur.offsets.push(b.offsets[i]);
        }
      }
      if (cur.value) parts.push(cur);
    } else if (!b.quoted && !b.dynamic && raw.includes('{') && raw.includes(',')) {
      const expanded = braceExpand(b.value);
      if (expanded) for (const e of expanded) parts.push({ value: e, offsets: [] });
      else parts.push({ value: b.value, offsets: b.offsets });
    } else parts.push({ value: b.value, offsets: b.offsets });
    return parts.map((p) => ({
      value: p.value,
      raw,
      span: p.offsets.length && parts.length > 1 ? { start: p.offsets[0], end: p.offsets[p.offsets.length - 1] + 1 } : span,
      dynamic: p.value.includes(DYN),
      glob: b.glob,
      quoted: b.quoted,
      offsets: p.offsets.length === p.value.length ? p.offsets : [],
    }));
  }

  private command(node: Node, outerRedirects: Node[], w: Walk, out: SimpleCommand[]): void {
    const assignments: { name: string; value: Word }[] = [];
    const words: (Word & { offsets: number[] })[] = [];
    const parts: Node[][] = [];
    const redirectNodes = [...outerRedirects];
    const subs: Node[] = [];
    for (const c of node.namedChildren) {
      if (!c) continue;
      if (c.type === 'variable_assignment') {
        const name = c.childForFieldName('name')?.text ?? '';
        const value = c.childForFieldName('value');
        const vw = value ? this.toWords(value, w, subs)[0] : undefined;
        assignments.push({ name, value: vw ?? { value: '', raw: '', span: this.spanIn(w.env, c.endIndex, c.endIndex), dynamic: false, glob: false, quoted: false } });
      } else if (c.type.endsWith('_redirect')) redirectNodes.push(c);
      else if (c.type === 'command_name') {
        const inner = c.namedChildren[0];
        if (inner) parts.push([inner]);
      } else if (c.type !== 'comment') {
        // Pieces that touch are one word to the shell.
        const prev = parts[parts.length - 1];
        if (prev && prev[prev.length - 1].endIndex === c.startIndex) prev.push(c);
        else parts.push([c]);
      }
    }
    for (const p of parts) words.push(...this.toWords(p, w, subs));
    const redirects = redirectNodes.map((r) => this.redirect(r, w, subs));
    const inner = this.substitutions(subs, w, out);
    if (words.length === 0) {
      for (const a of assignments) w.env.vars.set(a.name, { value: a.value.value, offsets: [] });
      return;
    }
    const span = this.spanIn(w.env, node.startIndex, node.endIndex);
    const stdin = redirects.find((r) => r.body !== undefined);
    const base: Draft = {
      words,
      assignments,
      redirects,
      span,
      via: w.via,
      elevated: w.elevated,
      remote: w.remote,
      stdinText: stdin?.body,
      stdinSpan: stdin?.bodySpan,
      inner,
    };
    if (w.env.vars.size) base.lineVars = varsSnapshot(w.env.vars);
    this.resolve(base, w, out, 0);
  }

  private redirect(r: Node, w: Walk, subs: Node[]): Redirect {
    const opNode = r.children.find((c) => c && !c.isNamed);
    const op = opNode?.text ?? '';
    if (r.type === 'heredoc_redirect') {
      const body = r.namedChildren.find((c) => c?.type === 'heredoc_body');
      if (!body) return { op: '<<' };
      const bodySpan = this.spanIn(w.env, body.startIndex, body.endIndex);
      // A quoted delimiter (`<<'EOF'`, `<<"EOF"`, `<<\EOF`) makes the body literal: no `$…` in it is expanded.
      const start = r.namedChildren.find((c) => c?.type === 'heredoc_start');
      if (start && /['"\\]/.test(start.text)) return { op: '<<', body: w.text.slice(body.startIndex, body.endIndex), bodySpan };
      const built = buildWord(body, w.env, w.text);
      subs.push(...built.substitutions);
      return { op: '<<', body: built.value, bodySpan };
    }
    if (r.type === 'herestring_redirect') {
      const target = r.namedChildren.find((c) => c && c.type !== 'file_descriptor');
      if (!target) return { op: '<<<' };
      const built = buildWord(target, w.env, w.text);
      subs.push(...built.substitutions);
      const quotes = target.type === 'raw_string' || target.type === 'string' ? 1 : 0;
      return { op: '<<<', body: built.value, bodySpan: this.spanIn(w.env, target.startIndex + quotes, target.endIndex - quotes) };
    }
    const dest = r.childForFieldName('destination') ?? r.namedChildren.find((c) => c && c.type !== 'file_descriptor');
    if (!dest) return { op };
    const target = this.toWords(dest, w, subs)[0];
    return { op, target };
  }

  /** Peels wrappers off a draft until a real program is left, then records it. */
  private resolve(d: Draft, w: Walk, out: SimpleCommand[], hops: number): void {
    if (hops > 16 || this.full()) {
      if (hops > 16) this.issue('too many wrappers around one command', d.span);
      return;
    }
    const [first, ...rest] = d.words;
    if (!first) return;
    if (first.dynamic) {
      const known = staticProgram(first);
      if (known !== undefined) {
        this.resolve({ ...d, words: [{ ...first, value: known, dynamic: false }, ...rest] }, w, out, hops + 1);
        return;
      }
      const name = first.raw;
      this.issue(`the program to run is computed at run time (${truncate(name, 40)}), so it cannot be checked`, first.span);
      this.record(d, '', out);
      return;
    }
    // alias x='rm -rf'; x / : the alias's text in place of the word, then the rest of the words.
    // (Bash expands an alias only on lines read after its definition; judging it on the same line
    // too errs on the side of the words that may run.)
    const alias = !first.quoted && first.raw === first.value ? this.aliases.get(first.value) : undefined;
    if (alias !== undefined && !d.via.some((v) => v.kind === 'function' && v.name === `alias ${first.value}`)) {
      this.record(d, first.value, out);
      this.reparseWords([synthWordFrom(alias, first), ...rest], ' ', { ...w, elevated: d.elevated, remote: d.remote, via: [...d.via, { kind: 'function', name: `alias ${first.value}` }] }, out);
      return;
    }
    if (first.value === 'alias') {
      for (const a of rest) {
        const eq = a.value.indexOf('=');
        if (eq > 0 && !a.dynamic && this.aliases.size < 64) this.aliases.set(a.value.slice(0, eq), a.value.slice(eq + 1));
      }
    }
    if (first.value === 'unalias') for (const a of rest) this.aliases.delete(a.value);
    const fn = this.functions.get(first.value);
    if (fn && !d.via.some((v) => v.kind === 'function' && v.name === first.value)) {
      // f() { rm -rf "$1"; }; f ~ : the body again, with this call's arguments (a computed one stays unknown).
      const vars = new Map(fn.w.env.vars);
      rest.slice(0, 9).forEach((a, k) => {
        if (!a.dynamic) vars.set(String(k + 1), { value: a.value, offsets: [] });
      });
      // "$@" is one word per argument: known here only when there is one.
      if (rest.length === 1 && !rest[0].dynamic) {
        const all = { value: rest.map((a) => a.value).join(' '), offsets: [] };
        vars.set('@', all);
        vars.set('*', all);
      }
      this.visit(fn.body, { ...fn.w, env: { ...fn.w.env, vars }, via: [...d.via, { kind: 'function', name: first.value }] }, out);
      this.record(d, first.value, out);
      return;
    }
    // Case-insensitive file systems (macOS, Windows) run RM as rm: match programs in lower case.
    const { program, path } = programName(first.value.toLowerCase(), 'posix');
    if (program === 'corepack') {
      // `corepack pnpm run clean`, `corepack yarn@4.1.0 clean`: corepack runs the package manager
      // it names, pinned or not (its own commands, `corepack enable`, run nothing of the project).
      const pm = COREPACK_MANAGER.exec(rest[0]?.value ?? '');
      if (pm && !rest[0].dynamic) {
        this.resolve({ ...d, words: [synthWordFrom(pm[1] === 'yarnpkg' ? 'yarn' : pm[1], rest[0]), ...rest.slice(1)], via: [...d.via, { kind: 'wrapper', program }] }, w, out, hops + 1);
        return;
      }
    }
    const spec = WRAPPERS[program];
    if (spec) {
      const inner = peelWrapper(program, spec, rest);
      if (inner.noExec) return;
      if (inner.splitString !== undefined) {
        this.reparseWords([inner.splitString], ' ', { ...w, elevated: d.elevated || !!spec.elevated, via: [...d.via, { kind: 'wrapper', program }] }, out);
        return;
      }
      if (inner.words.length === 0) {
        this.record(d, program, out, path);
        return;
      }
      let words = inner.words;
      if (program === 'busybox' || program === 'npx' || program === 'bunx' || program === 'pnpx') {
        // busybox rm, npx rimraf: the first word is the program.
        words = inner.words;
      }
      this.resolve({ ...d, words, assignments: [...d.assignments, ...inner.assignments], elevated: d.elevated || !!spec.elevated, via: [...d.via, { kind: 'wrapper', program }] }, w, out, hops + 1);
      return;
    }
    const runner = RUNNER_SUBCOMMANDS[program];
    if (runner) {
      const inner = peelRunner(program, runner, rest);
      if (inner.length) {
        // `yarn clean` may be the package's script rather than a binary: keep what follow/ needs to tell.
        const options = rest.slice(0, rest.length - inner.length);
        const byName = !!runner.builtins && !options.some((o) => runner.subcommands.includes(o.value));
        const via: Via = byName ? { kind: 'wrapper', program, runner: { word: strip(first), options: options.map(strip) } } : { kind: 'wrapper', program };
        this.resolve({ ...d, words: inner, via: [...d.via, via] }, w, out, hops + 1);
        return;
      }
    }
    if (program === 'git') {
      const alias = gitAlias(rest);
      if (alias) {
        this.record(d, program, out, path);
        // `git -c alias.x='!cmd' x args`: git runs cmd with the args through the shell.
        if (alias.shell) this.reparseWords([alias.body, ...alias.args], ' ', { ...w, elevated: d.elevated, via: [...d.via, { kind: 'shell-c', program }] }, out);
        else this.reparseWords([synthWordFrom('git', first), alias.body, ...alias.args], ' ', { ...w, elevated: d.elevated, via: [...d.via, { kind: 'wrapper', program }] }, out);
        return;
      }
    }
    if ((program === 'source' || program === '.') && rest[0]?.dynamic && /^<\(/.test(rest[0].raw)) {
      // source <(echo …) runs what the substitution prints, in this shell.
      this.record(d, program, out, path);
      this.printedBy(rest[0], d, program, { ...w, elevated: d.elevated, via: [...d.via, { kind: 'eval' }] }, out);
      return;
    }
    if (AWKS.has(program)) {
      this.record(d, program, out, path);
      // awk's system("…") and print … | "…" run their string through sh.
      for (const run of awkCommands(rest)) this.reparseWords([run], ' ', { ...w, elevated: d.elevated, via: [...d.via, { kind: 'shell-c', program }] }, out);
      return;
    }
    if (program === 'xargs' || program === 'parallel') {
      this.record(d, program, out, path);
      const inner = program === 'xargs' ? peelXargs(rest) : peelParallel(rest);
      const cmdWords = inner.length ? inner : [synthWord('echo', first.span)];
      const via: Via = stdinArgsAsk(program, rest) ? { kind: 'stdin-args', program, asks: true } : { kind: 'stdin-args', program };
      this.resolve({ ...d, words: cmdWords, argsFromStdin: true, via: [...d.via, via] }, w, out, hops + 1);
      return;
    }
    if (program === 'find') {
      this.record(d, program, out, path);
      for (const exec of findExecs(rest)) {
        this.resolve({ ...d, words: exec, via: [...d.via, { kind: 'find-exec', scope: findScope(rest) }], stdinText: undefined }, w, out, hops + 1);
      }
      return;
    }
    if (POSIX_SHELLS.has(program)) {
      this.shell(d, program, path, rest, w, out);
      return;
    }
    const stringOpt = SHELL_STRING_OPTIONS[program];
    if (stringOpt) {
      const idx = rest.findIndex((a) => /^-[A-Za-z]+$/.test(a.value) && a.value.endsWith(stringOpt.flag) || (stringOpt.long !== undefined && a.value === stringOpt.long));
      const eqArg = stringOpt.long ? rest.find((a) => a.value.startsWith(`${stringOpt.long}=`)) : undefined;
      const str = idx !== -1 ? rest[idx + 1] : eqArg ? { ...eqArg, value: eqArg.value.slice(stringOpt.long!.length + 1), offsets: [] } : undefined;
      if (str) {
        this.reparseWords([str], ' ', { ...w, elevated: d.elevated || !!stringOpt.elevated, via: [...d.via, { kind: 'shell-c', program }] }, out);
        return;
      }
    }
    if (program === 'eval') {
      // eval "$(ssh-agent -s)": tools whose whole job is to print shell variables to set.
      if (d.inner.length && d.inner.every((c) => ENV_PRINTERS.has(c.program)) && rest.every((a) => !a.dynamic || /^"?\$\(/.test(a.raw))) return;
      if (rest.some((a) => a.dynamic)) this.record(d, program, out, path);
      if (rest.length === 1 && rest[0].dynamic && this.printedBy(rest[0], d, program, { ...w, elevated: d.elevated, via: [...d.via, { kind: 'eval' }] }, out)) return;
      this.reparseWords(rest, ' ', { ...w, elevated: d.elevated, via: [...d.via, { kind: 'eval' }] }, out);
      return;
    }
    if (program === 'trap' && rest.length >= 2 && !rest[0].value.startsWith('-')) {
      this.reparseWords([rest[0]], ' ', { ...w, elevated: d.elevated, via: [...d.via, { kind: 'eval' }] }, out);
      return;
    }
    if (program === 'watch') {
      const i = skipOptions(rest, 'ndgcpqx', ['--interval', '--differences']);
      if (i < rest.length) this.reparseWords(rest.slice(i), ' ', { ...w, elevated: d.elevated, via: [...d.via, { kind: 'wrapper', program }] }, out);
      return;
    }
    if (program === 'ssh') {
      this.record(d, program, out, path);
      const i = skipOptions(rest, SSH_SHORT_WITH_VALUE, []);
      const host = rest[i];
      const remoteWords = rest.slice(i + 1);
      const via: Via = { kind: 'remote', program, host: host?.value };
      if (remoteWords.length) this.reparseWords(remoteWords, ' ', { ...w, remote: true, elevated: false, via: [...d.via, via] }, out);
      else if (d.stdinText !== undefined) this.reparseText(d.stdinText, d.stdinSpan ?? d.span, { ...w, remote: true, via: [...d.via, via] }, out, d.stdinSpan !== undefined);
      return;
    }
    if (program === 'ansible') {
      // Ad-hoc commands run the module's argument string on every host the pattern names.
      const inner = ansibleInner(rest);
      this.record(d, program, out, path);
      if (inner) {
        const word = { ...inner.word, value: inner.text, offsets: inner.text === inner.word.value ? (inner.word as { offsets?: number[] }).offsets : [] };
        this.reparseWords([word], ' ', { ...w, remote: true, elevated: inner.become, via: [...d.via, { kind: 'remote', program, host: inner.pattern }] }, out);
      }
      return;
    }
    if (program === 'atmos') {
      const inner = atmosInner(rest);
      if (inner) {
        this.record(d, program, out, path);
        const stack = inner.stack === undefined ? [] : [{ name: 'TF_WORKSPACE', value: synthWord(inner.stack, first.span) }];
        this.resolve({ ...d, words: inner.words, assignments: [...d.assignments, ...stack], via: [...d.via, { kind: 'wrapper', program }] }, w, out, hops + 1);
        return;
      }
    }
    if (program === 'kubectl' || program === 'oc') {
      const dd = rest.findIndex((a) => a.value === '--');
      const sub = rest.find((a) => !a.value.startsWith('-'));
      if (sub && (sub.value === 'exec' || sub.value === 'debug' || sub.value === 'run') && dd !== -1 && dd + 1 < rest.length) {
        this.record({ ...d, words: d.words.slice(0, dd + 2) }, program, out, path);
        this.resolve({ ...d, words: rest.slice(dd + 1), remote: true, elevated: false, stdinText: undefined, via: [...d.via, { kind: 'container', program }] }, w, out, hops + 1);
        return;
      }
    }
    if (program === 'docker' || program === 'podman' || program === 'nerdctl') {
      const inner = containerCommand(rest);
      if (inner) {
        this.record({ ...d, words: d.words.slice(0, inner.at + 1) }, program, out, path);
        const found = containerRunOf(rest);
        const run = found && this.cwd !== undefined ? { ...found, hostCwd: this.cwd } : found;
        if (inner.words.length) this.resolve({ ...d, words: inner.words, remote: true, elevated: false, stdinText: undefined, via: [...d.via, run ? { kind: 'container', program, run } : { kind: 'container', program }] }, w, out, hops + 1);
        return;
      }
    }
    if (program === 'pwsh' || program === 'powershell' || program === 'powershell.exe' || program === 'pwsh.exe' || program === 'cmd' || program === 'cmd.exe') {
      this.record(d, program, out, path);
      extractPowerShellInto(this, program.startsWith('cmd') ? 'cmd' : 'pwsh', rest, d, out);
      return;
    }
    if (program === 'cd' || program === 'pushd') {
      const target = rest.find((a) => !a.value.startsWith('-') || a.value === '-');
      this.cwd = !target ? '~' : target.dynamic || target.value === '-' ? DYN : joinCwd(this.cwd, target.value);
      return;
    }
    const interp = INTERPRETERS[program] ?? (program.startsWith('python') ? INTERPRETERS.python : undefined);
    if (inlineReader?.languageOf(program)) {
      this.record(d, program, out, path);
      const programWord = d.words[d.words.length - rest.length - 1] ?? d.words[0];
      this.inlineSource(program, rest, d.stdinText !== undefined ? { text: d.stdinText, span: d.stdinSpan ?? d.span, exact: d.stdinSpan !== undefined } : undefined, d.via, w, out, programWord?.span ?? d.span);
      return;
    }
    if (interp) {
      this.record(d, program, out, path);
      const code = interpreterCode(rest, interp);
      if (code) for (const s of shellCallsIn(code.value, program)) this.reparseText(s, code.span, { ...w, via: [...d.via, { kind: 'shell-c', program }] }, out);
      return;
    }
    this.record(d, program, out, path);
  }

  /**
   * Code an interpreter runs from the line itself (`python3 -c`, `node -e`, a heredoc or pipe into
   * `python3`): read statically, each deletion or command it would run judged as typed, with the
   * code's line it comes from. Its findings are reported at the invoking words (`from`, through
   * the code), with that line as the chain's step.
   */
  private inlineSource(program: string, args: readonly (Word & { offsets?: number[] })[], stdin: { text: string; span: Span; exact: boolean } | undefined, via: Via[], w: Walk, out: SimpleCommand[], from: Span): void {
    const reader = inlineReader;
    if (!reader) return;
    const code = reader.codeOf(program, args, stdin);
    if (!code) return;
    if (code.text.includes(DYN) && !code.text.split(DYN).join('').trim()) {
      // Nothing of the code is on the line (`python3 -c "$CODE"`), as with `bash -c "$CMD"`.
      this.issue(`${program} runs code built at run time${code.raw ? ` (${truncate(code.raw, 40)})` : ''}, so it cannot be checked`, code.span);
      return;
    }
    const at = { start: Math.min(from.start, code.span.start), end: Math.max(from.end, code.span.end) };
    const scan = reader.scan(code);
    for (const issue of scan.issues) this.issue(`the ${program} code could not be read fully: ${issue}`, code.span, !/never closed/.test(issue));
    for (const step of scan.steps) {
      if (this.full()) return;
      this.reparseText(step.command, reader.lineSpan(code, step.line), { ...w, via: [...via, { kind: 'source', program, how: code.how, line: step.line, text: step.text, at }] }, out);
    }
  }

  private shell(d: Draft, program: string, path: string | undefined, rest: Draft['words'], w: Walk, out: SimpleCommand[]): void {
    const via: Via = { kind: 'shell-c', program };
    let cIndex = -1;
    let i = 0;
    for (; i < rest.length; i++) {
      const v = rest[i].value;
      if (v === '--' || v === '-') {
        i++;
        break;
      }
      if (!/^[-+]/.test(v)) break;
      if (v.startsWith('--')) continue;
      if (v.slice(1).includes('c')) cIndex = i;
      if (/^[-+][^c]*o$/.test(v)) i++; // -o option takes a value
    }
    if (cIndex !== -1) {
      const str = rest[cIndex + 1 + (rest.slice(cIndex + 1).findIndex((a) => !/^[-+]/.test(a.value)) >>> 0)];
      if (str) {
        // A computed script (`sh -c "$(curl …)"`) is kept as a command too, so rules can see what computes it.
        if (str.dynamic) this.record(d, program, out, path);
        if (str.dynamic && this.printedBy(str, d, program, { ...w, elevated: d.elevated, remote: d.remote, via: [...d.via, via] }, out)) return;
        this.reparseWords([str], ' ', { ...w, elevated: d.elevated, remote: d.remote, via: [...d.via, via] }, out);
        return;
      }
    }
    // `bash script.sh` runs a file we cannot see; `bash` with a heredoc runs the heredoc, and
    // `bash <(echo …)` what the line prints into it.
    const hasScript = i < rest.length;
    this.record(d, program, out, path);
    if (hasScript && rest[i].dynamic) this.printedBy(rest[i], d, program, { ...w, elevated: d.elevated, remote: d.remote, via: [...d.via, { kind: 'heredoc-shell', program }] }, out);
    if (!hasScript && d.stdinText !== undefined) {
      this.reparseText(d.stdinText, d.stdinSpan ?? d.span, { ...w, elevated: d.elevated, remote: d.remote, via: [...d.via, { kind: 'heredoc-shell', program }] }, out, d.stdinSpan !== undefined);
    }
  }

  /**
   * A script word that is one substitution printing text the line shows (`bash -c "$(echo …)"`,
   * `eval "$(echo <b64> | base64 -d)"`, `bash <(echo …)`): reads that text as the script. Returns
   * whether it could; a decoded payload is also an issue, as when it is piped into a shell.
   */
  private printedBy(word: Word, d: Draft, program: string, w: Walk, out: SimpleCommand[]): boolean {
    if (!/^"?[$<]\([\s\S]*\)"?$/.test(word.raw)) return false;
    const [printer, decoder, ...more] = d.inner.filter((c) => c.span.start >= word.span.start && c.span.end <= word.span.end);
    let text = more.length ? undefined : staticPrint(printer)?.text;
    if (text === undefined) return false;
    if (decoder) {
      const payload = decodedPayload(decoder, [printer, decoder]);
      if (!payload) return false;
      this.issue(`decodes a hidden payload (${decoder.program}) and runs it in ${program}`, word.span);
      text = payload.text;
    }
    this.reparseText(text, word.span, w, out);
    return true;
  }

  /** Joins static words with `sep` and parses the result as a command line. */
  reparseWords(words: readonly (Word & { offsets?: number[] })[], sep: string, w: Walk, out: SimpleCommand[], owner?: SimpleCommand): void {
    if (words.length === 0) return;
    const dyn = words.find((x) => x.dynamic);
    if (dyn) {
      const span = { start: Math.min(...words.map((x) => x.span.start)), end: Math.max(...words.map((x) => x.span.end)) };
      const what = w.via.length ? describeVia(w.via[w.via.length - 1]) : 'a shell';
      this.issue(`${what} runs a command built at run time (${truncate(dyn.raw, 40)}), so it cannot be checked`, span);
      // Still look at what we can see: the static parts may name a destructive program.
    }
    let text = '';
    const map: number[] = [];
    words.forEach((x, k) => {
      if (k > 0) {
        text += sep;
        map.push(x.span.start);
      }
      const v = x.value.split(DYN).join(' ');
      text += v;
      const offs = x.offsets && x.offsets.length === x.value.length ? x.offsets : undefined;
      for (let j = 0; j < v.length; j++) map.push(offs ? offs[j] : Math.min(x.span.end - 1, x.span.start + j));
    });
    // eval and trap run their text in this same shell: the variables set so far are set there too
    // (tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT). A child shell (bash -c) does not see them.
    const sameShell = w.via[w.via.length - 1]?.kind === 'eval';
    this.parse(text, { env: { base: 0, map, vars: new Map(sameShell ? w.env.vars : []) }, via: w.via, elevated: w.elevated, remote: w.remote, depth: w.depth + 1 }, out);
    if (owner) owner.innerCommands = [...(owner.innerCommands ?? [])];
  }

  /**
   * Parses text that came from the line at `span`. With `exact`, text[j] is line[span.start + j]
   * (a quoted heredoc); otherwise every finding inside points at the whole span.
   */
  reparseText(text: string, span: Span, w: Walk, out: SimpleCommand[], exact = false): void {
    const map: number[] = [];
    const len = Math.max(1, span.end - span.start);
    if (exact) for (let j = 0; j < text.length; j++) map.push(span.start + Math.min(j, len - 1));
    else map.push(span.start);
    const env = { base: 0, map, coarse: exact ? undefined : span, vars: new Map<string, { value: string; offsets: number[] }>() };
    this.parse(text.split(DYN).join(' '), { env, via: w.via, elevated: w.elevated, remote: w.remote, depth: w.depth + 1 }, out);
  }

  /** Builds the SimpleCommand for a draft whose first word is the program. */
  record(d: Draft, program: string, out: SimpleCommand[], programPath?: string, dialect: Dialect = 'posix'): SimpleCommand {
    const [first, ...args] = d.words;
    const cmd: SimpleCommand = {
      program,
      programWord: strip(first),
      programPath,
      args: args.map(strip),
      redirects: d.redirects,
      assignments: d.assignments,
      span: d.span,
      via: d.via,
      elevated: d.elevated || undefined,
      remote: d.remote || undefined,
      argsFromStdin: d.argsFromStdin,
      stdinText: d.stdinText,
      stdinSpan: d.stdinSpan,
      innerCommands: d.inner.length ? d.inner : undefined,
      dialect,
      cwd: this.cwd,
    };
    if (d.lineVars) cmd.lineVars = d.lineVars;
    out.push(cmd);
    if (this.commands.length < MAX_COMMANDS) this.commands.push(cmd);
    return cmd;
  }
}

/** The line's variables as the command sees them: a copy, since later assignments change the map. */
function varsSnapshot(vars: ReadonlyMap<string, { value: string }>): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of vars) out[k] = v.value;
  return out;
}

function strip(w: Word & { offsets?: number[] }): Word {
  return { value: w.value, raw: w.raw, span: w.span, dynamic: w.dynamic, glob: w.glob, quoted: w.quoted };
}

/** Whether the text after a function's definition calls it (as a command word). */
function calledAfter(name: string, after: string): boolean {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s;&|({])${n}(?=[\\s;&|)}]|$)`).test(after.slice(0, 4096));
}

/** The program name a fork bomb is recorded under (no real program has it: it has a space). */
export const FORK_BOMB = 'fork bomb';

/** Whether `name`'s body starts itself twice through a pipe, or in the background, and the rest of the line calls it. */
function forkBomb(name: string, body: string, after: string): boolean {
  if (!name || name.length > 64 || body.length > 4096) return false;
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const self = new RegExp(`(^|[\\s;|&({])${n}\\s*\\|\\s*${n}(?=[\\s;&)}]|$)|(^|[\\s;|&({])${n}\\s*&(?!&)`);
  return self.test(body) && new RegExp(`(^|[\\s;&|])${n}(?=[\\s;&|]|$)`).test(after.slice(0, 4096));
}

const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk', 'busybox-awk']);

/**
 * The shell commands an awk program runs: the string given to system() or piped to with
 * `| "cmd"`. A string built from fields (`system("rm " $1)`) keeps its literal start and is
 * marked computed. The program is the first operand (after -F, -v and -f options).
 */
function awkCommands(rest: readonly Word[]): Word[] {
  let i = 0;
  for (; i < rest.length; i++) {
    const v = rest[i].value;
    if (v === '--') {
      i++;
      break;
    }
    if (v === '-f' || v === '--file') return [];
    if (v === '-F' || v === '-v' || v === '--assign' || v === '--field-separator') i++;
    else if (!v.startsWith('-') || v === '-') break;
  }
  const prog = rest[i];
  if (!prog || prog.dynamic) return [];
  const out: Word[] = [];
  const re = /(?:\bsystem\s*\(|\|\s*(?=")|\|&\s*(?="))\s*"((?:[^"\\]|\\.)*)"(\s*[^)\s;}][^)]*)?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(prog.value)) && out.length < 16) {
    const literal = m[1].replace(/\\(.)/g, '$1');
    const built = m[2] !== undefined && !/^\s*\)/.test(m[2]) && m[0].startsWith('system');
    out.push({ ...prog, value: built ? `${literal}${DYN}` : literal, dynamic: built, glob: false });
  }
  // print … | "sh": what is printed is what the shell runs.
  const toShell = /\bprintf?\b([^|;{}]*)\|\s*"(?:\/bin\/)?(?:ba|da|z)?sh"/g;
  while ((m = toShell.exec(prog.value)) && out.length < 16) {
    const printed = /^\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(m[1]);
    out.push(printed ? { ...prog, value: printed[1].replace(/\\(.)/g, '$1'), dynamic: false, glob: false } : { ...prog, value: DYN, dynamic: true, glob: false });
  }
  return out;
}

/**
 * `$1`…`$9`, `$#`, and `"$@"`/`$*` of a script run with these words. A word computed at run time
 * (null) stays unknown, and so does a parameter past the last (a script may default it, and an
 * empty word is not the same as none). `"$@"` is several words, which a variable cannot hold: it
 * is known when there is one (or, from the follower, `each` of them in turn).
 */
function positionalVars(p: Positional | undefined): Map<string, { value: string; offsets: number[] }> {
  const vars = new Map<string, { value: string; offsets: number[] }>();
  if (!p) return vars;
  vars.set('#', { value: String(p.args.length), offsets: [] });
  for (let k = 0; k < 9 && k < p.args.length; k++) {
    const v = p.args[k];
    if (v !== null) vars.set(String(k + 1), { value: v, offsets: [] });
  }
  const all = p.each !== undefined ? p.each : p.args.length === 1 ? p.args[0] : null;
  if (all !== null) {
    vars.set('@', { value: all, offsets: [] });
    vars.set('*', { value: all, offsets: [] });
  }
  return vars;
}

/** The package managers corepack runs, with an optional version or range (`pnpm@9.1.0`). */
const COREPACK_MANAGER = /^(npm|npx|pnpm|pnpx|yarn|yarnpkg)(?:@[\w.^~<>=*+-]{1,64})?$/;

function synthWordFrom(value: string, at: Word): Word & { offsets: number[] } {
  return { value, raw: value, span: at.span, dynamic: false, glob: false, quoted: false, offsets: [] };
}

/**
 * An alias given on git's own command line (`git -c alias.nuke='!rm -rf .' nuke`) and used by the
 * same command: its body (`!` for a shell command) and the words after it. Aliases from config
 * files are not visible here; the usual ones (st, co) are harmless.
 */
function gitAlias(rest: readonly Word[]): { body: Word; shell: boolean; args: Word[] } | undefined {
  const aliases = new Map<string, Word>();
  let i = 0;
  for (; i < rest.length && i < 64; i++) {
    const v = rest[i].value;
    if (v === '-c' && rest[i + 1]) {
      const kv = rest[i + 1];
      const m = /^alias\.([^=]+)=([\s\S]*)$/i.exec(kv.value);
      if (m) aliases.set(m[1], { ...kv, value: m[2] });
      i++;
    } else if (['-C', '--git-dir', '--work-tree', '--namespace', '--exec-path'].includes(v)) i++;
    else if (!v.startsWith('-')) break;
  }
  const sub = rest[i];
  const body = sub && aliases.get(sub.value);
  if (!body) return undefined;
  const shell = body.value.startsWith('!');
  return { body: shell ? { ...body, value: body.value.slice(1) } : body, shell, args: rest.slice(i + 1) };
}

function synthWord(value: string, span: Span): Word & { offsets: number[] } {
  return { value, raw: value, span, dynamic: false, glob: false, quoted: false, offsets: [] };
}

/**
 * tree-sitter-bash lexes a backslash right after a newline as part of the previous line's last
 * word (`true\n\\rm -rf x` becomes one command `true` with arguments). bash does not. A space
 * between the newline and the backslash parses correctly and means the same to bash, so insert
 * one and keep a map back to the original offsets. Returns undefined when nothing needs fixing.
 */
export function separateLeadingBackslashes(text: string): { text: string; map: number[] } | undefined {
  if (!text.includes('\n\\')) return undefined;
  let out = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    out += text[i];
    map.push(i);
    if (text[i] === '\n' && text[i + 1] === '\\') {
      out += ' ';
      map.push(i + 1);
    }
  }
  return { text: out, map };
}

/**
 * What `cmd` prints when it is an `echo` or `printf` of static arguments, with the span of those
 * arguments; undefined for anything else.
 */
export function staticPrint(cmd: SimpleCommand | undefined): { text: string; span: Span } | undefined {
  if (!cmd || (cmd.program !== 'echo' && cmd.program !== 'printf') || cmd.args.some((a) => a.dynamic)) return undefined;
  return { text: printedText(cmd), span: { start: cmd.args[0]?.span.start ?? cmd.span.start, end: cmd.span.end } };
}

/** What `echo` or `printf` with static arguments prints: escapes decoded, `%s` filled in. */
export function printedText(cmd: SimpleCommand): string {
  const args = cmd.args.map((a) => a.value);
  if (cmd.program === 'printf') {
    const [format = '', ...rest] = args[0] === '--' ? args.slice(1) : args;
    let k = 0;
    const filled = decodeEscapes(format).replace(/%[-+ #0]*\d*(?:\.\d+)?([sbdiqc%])/g, (_m, conv: string) => {
      if (conv === '%') return '%';
      const v = rest[k++] ?? '';
      return conv === 'b' ? decodeEscapes(v) : v;
    });
    return k < rest.length ? `${filled}${rest.slice(k).join(' ')}` : filled;
  }
  let decode = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]); i++) if (args[i].includes('e')) decode = true;
  const text = args.slice(i).join(' ');
  return decode ? decodeEscapes(text) : text;
}

function decodeEscapes(s: string): string {
  return s.slice(0, 64 * 1024).replace(/\\(x[0-9a-fA-F]{1,2}|0[0-7]{0,3}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', '\\': '\\' };
    return simple[e] ?? `\\${e}`;
  });
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function describeVia(v: Via): string {
  switch (v.kind) {
    case 'eval':
      return 'eval';
    case 'shell-c':
    case 'heredoc-shell':
    case 'wrapper':
    case 'remote':
    case 'container':
    case 'stdin-args':
    case 'source':
      return v.program;
    default:
      return 'a shell';
  }
}

/** `/usr/bin/rm` → rm; `\rm` is already `rm` after quote removal; `git.exe` → git. */
/**
 * The program a computed first word still names: the file at the end of a quoted path whose
 * folder is computed (`"$VENV/bin/python"`, `"${ROOT}/node_modules/.bin/eslint"`, `$HOME/bin/x`),
 * or what `$(which X)`, `$(command -v X)` or `$(type -P X)` finds, which is X. Unquoted, a
 * variable's value is split into words, and the first of those runs: that stays unknown.
 */
export function staticProgram(first: Word): string | undefined {
  const lookup = /^"?(?:\$\(\s*|`\s*)(?:which|command\s+-v|type\s+-[pP])\s+([A-Za-z0-9._+-]+)\s*(?:\)|`)"?$/.exec(first.raw);
  if (lookup) return lookup[1];
  const v = first.value;
  const slash = v.lastIndexOf('/');
  if (slash === -1 || v.lastIndexOf(DYN) > slash || v.includes(IFS_SPLIT)) return undefined;
  const leaf = v.slice(slash + 1);
  if (!leaf || leaf === '.' || leaf === '..') return undefined;
  const quoted = /^"[^"]*"$/.test(first.raw) && !/[`]/.test(first.raw);
  const known = /^(?:\$HOME|\$\{HOME\}|\$PWD|\$\{PWD\})\/[^$`"' ]*$/.test(first.raw);
  return quoted || known ? v : undefined;
}

export function programName(value: string, dialect: Dialect): { program: string; path?: string } {
  let v = value;
  let path: string | undefined;
  const slash = Math.max(v.lastIndexOf('/'), dialect === 'posix' ? -1 : v.lastIndexOf('\\'));
  if (slash !== -1) {
    path = v;
    v = v.slice(slash + 1);
  }
  if (dialect !== 'posix' || /\.exe$/i.test(v)) v = v.toLowerCase().replace(/\.(exe|cmd|bat|com)$/, '');
  return { program: v, path };
}

interface Peeled {
  words: Draft['words'];
  assignments: { name: string; value: Word }[];
  noExec?: boolean;
  splitString?: Word & { offsets?: number[] };
}

function peelWrapper(program: string, spec: (typeof WRAPPERS)[string], rest: Draft['words']): Peeled {
  const assignments: { name: string; value: Word }[] = [];
  let i = 0;
  let skip = spec.skipPositionals ?? 0;
  for (; i < rest.length; i++) {
    const v = rest[i].value;
    if (v === '--') {
      i++;
      break;
    }
    if (v.startsWith('--') && v.length > 2) {
      const name = v.includes('=') ? v.slice(0, v.indexOf('=')) : v;
      if (program === 'env' && (name === '--split-string')) {
        const str = v.includes('=') ? { ...rest[i], value: v.slice(v.indexOf('=') + 1), offsets: [] } : rest[i + 1];
        return { words: [], assignments, splitString: str };
      }
      if (!v.includes('=') && spec.longWithValue?.includes(name)) i++;
      continue;
    }
    if (v.startsWith('-') && v.length > 1 && !(program === 'nice' && /^-\d+$/.test(v))) {
      const flags = v.slice(1);
      if (spec.noExecFlags && [...flags].some((f) => spec.noExecFlags!.includes(f)) && program !== 'sudo') return { words: [], assignments, noExec: true };
      if (program === 'sudo' && /^-[lvVK]+$/.test(v)) return { words: [], assignments, noExec: true };
      if (program === 'env' && flags.startsWith('S')) {
        const str = flags.length > 1 ? { ...rest[i], value: flags.slice(1), offsets: [] } : rest[i + 1];
        return { words: [], assignments, splitString: str };
      }
      for (let k = 0; k < flags.length; k++) {
        if (spec.shortWithValue?.includes(flags[k])) {
          if (k === flags.length - 1) i++;
          break;
        }
      }
      continue;
    }
    if (program === 'nice' && /^-\d+$/.test(v)) continue;
    if (spec.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(v)) {
      const eq = v.indexOf('=');
      assignments.push({ name: v.slice(0, eq), value: { ...rest[i], value: v.slice(eq + 1) } });
      continue;
    }
    if (skip > 0) {
      skip--;
      continue;
    }
    break;
  }
  return { words: rest.slice(i), assignments };
}

function skipOptions(rest: readonly Word[], shortWithValue: string, longWithValue: readonly string[]): number {
  let i = 0;
  for (; i < rest.length; i++) {
    const v = rest[i].value;
    if (v === '--') return i + 1;
    if (v.startsWith('--')) {
      if (!v.includes('=') && longWithValue.includes(v)) i++;
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      const flags = v.slice(1);
      for (let k = 0; k < flags.length; k++) {
        if (shortWithValue.includes(flags[k])) {
          if (k === flags.length - 1) i++;
          break;
        }
      }
      continue;
    }
    break;
  }
  return i;
}

/**
 * `xargs -p`/`--interactive` and `parallel --interactive` ask on the terminal (/dev/tty, not
 * stdin) before each command line they run: no line runs unless a person answers y.
 */
function stdinArgsAsk(program: string, rest: readonly Word[]): boolean {
  for (const a of rest) {
    const v = a.value;
    if (!v.startsWith('-') || v === '--') return false;
    if (v === '--interactive') return true;
    if (program === 'xargs' && /^-[0prtx]+$/.test(v) && v.includes('p')) return true;
    if (program === 'parallel' && v === '-p') return true;
  }
  return false;
}

function peelXargs(rest: Draft['words']): Draft['words'] {
  // -I R / -i / --replace=R: R in the command stands for each input line, which we cannot see.
  let replace: string | undefined;
  for (let k = 0; k < rest.length && rest[k].value.startsWith('-'); k++) {
    const v = rest[k].value;
    if (v === '-I') replace = rest[k + 1]?.value;
    else if (v.startsWith('-I') && v.length > 2) replace = v.slice(2);
    else if (v === '-i' || v === '--replace') replace = '{}';
    else if (v.startsWith('--replace=')) replace = v.slice(10);
    else if (v.startsWith('-i') && v.length > 2) replace = v.slice(2);
  }
  const i = skipOptions(rest, 'aEeILlnPsd', ['--arg-file', '--eof', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--delimiter', '--process-slot-var']);
  const cmd = rest.slice(i);
  if (!replace) return cmd;
  return cmd.map((a, k) => (k > 0 && a.value.includes(replace) ? { ...a, value: a.value.split(replace).join(DYN), dynamic: true, offsets: [] } : a));
}

/**
 * Package managers and environment tools that run a program: `npm exec`, `pnpm dlx`, `yarn <bin>`,
 * `poetry run`, `uv run`, `pipx run`, `bundle exec`… Each entry lists the subcommands that
 * introduce the program, the options that take a value, and for `yarn`/`pnpm` whether an unknown
 * first word is itself a program (`yarn cdk destroy`).
 */
interface RunnerSpec {
  subcommands: readonly string[];
  withValue?: readonly string[];
  /** Built-in subcommands; any other first word runs a binary of that name. */
  builtins?: ReadonlySet<string>;
  /** The program comes right away (uvx, pnpx-style runners). */
  direct?: boolean;
}

const YARN_BUILTINS = new Set(['add', 'audit', 'autoclean', 'bin', 'cache', 'check', 'config', 'create', 'dedupe', 'generate-lock-entry', 'global', 'help', 'import', 'info', 'init', 'install', 'licenses', 'link', 'list', 'login', 'logout', 'npm', 'outdated', 'owner', 'pack', 'patch', 'patch-commit', 'plugin', 'policies', 'publish', 'rebuild', 'remove', 'run', 'set', 'tag', 'team', 'test', 'unlink', 'unplug', 'up', 'upgrade', 'upgrade-interactive', 'version', 'versions', 'why', 'workspace', 'workspaces', 'explain', 'constraints', 'node', 'stage', 'search', 'dlx', 'exec', 'start', 'build', 'lint', 'dev', 'serve', 'format']);
const PNPM_BUILTINS = new Set(['add', 'install', 'i', 'update', 'up', 'remove', 'rm', 'link', 'unlink', 'import', 'rebuild', 'prune', 'fetch', 'patch', 'patch-commit', 'audit', 'list', 'ls', 'outdated', 'why', 'licenses', 'run', 'test', 't', 'start', 'exec', 'dlx', 'create', 'publish', 'pack', 'recursive', 'server', 'store', 'root', 'bin', 'setup', 'init', 'deploy', 'doctor', 'config', 'env', 'help', 'build', 'dev', 'lint', 'format', 'serve', 'approve-builds', 'self-update']);

const RUNNER_SUBCOMMANDS: Readonly<Record<string, RunnerSpec>> = {
  npm: { subcommands: ['exec', 'x'], withValue: ['-p', '--package', '-c', '--call', '-w', '--workspace'] },
  pnpm: { subcommands: ['exec', 'dlx'], withValue: ['-C', '--dir', '--filter', '-F', '--package'], builtins: PNPM_BUILTINS },
  yarn: { subcommands: ['exec', 'dlx'], withValue: ['-p', '--package', '--cwd'], builtins: YARN_BUILTINS },
  bun: { subcommands: ['x'] },
  poetry: { subcommands: ['run'], withValue: ['-C', '--directory', '-P', '--project'] },
  uv: { subcommands: ['run'], withValue: ['--with', '--python', '-p', '--directory', '--project', '--package', '--env-file', '--group', '--extra'] },
  uvx: { subcommands: [], direct: true, withValue: ['--from', '--with', '--python', '-p'] },
  pipx: { subcommands: ['run'], withValue: ['--spec', '--python'] },
  pdm: { subcommands: ['run'], withValue: ['-p', '--project'] },
  hatch: { subcommands: ['run'], withValue: ['-e', '--env'] },
  rye: { subcommands: ['run'] },
  pixi: { subcommands: ['run', 'exec'], withValue: ['-e', '--environment', '--manifest-path'] },
  bundle: { subcommands: ['exec'] },
  conda: { subcommands: ['run'], withValue: ['-n', '--name', '-p', '--prefix', '--cwd'] },
  mamba: { subcommands: ['run'], withValue: ['-n', '--name', '-p', '--prefix'] },
  micromamba: { subcommands: ['run'], withValue: ['-n', '--name', '-p', '--prefix'] },
  mise: { subcommands: ['exec', 'x'] },
  asdf: { subcommands: ['exec'] },
  direnv: { subcommands: ['exec'], withValue: [] },
  'aws-vault': { subcommands: ['exec'], withValue: ['--duration', '-d', '--region'] },
  op: { subcommands: ['run'], withValue: ['--env-file'] },
  doppler: { subcommands: ['run'], withValue: ['-p', '--project', '-c', '--config'] },
  infisical: { subcommands: ['run'], withValue: ['--env', '--path', '--projectId'] },
  devbox: { subcommands: ['run'] },
  nix: { subcommands: ['shell', 'develop'] },
};

function peelRunner(program: string, spec: RunnerSpec, rest: Draft['words']): Draft['words'] {
  let i = 0;
  const skip = (): void => {
    for (; i < rest.length; i++) {
      const v = rest[i].value;
      if (v === '--') {
        i++;
        return;
      }
      if (!v.startsWith('-')) return;
      if (!v.includes('=') && spec.withValue?.includes(v)) i++;
    }
  };
  skip();
  if (!spec.direct) {
    const sub = rest[i]?.value;
    if (sub === undefined) return [];
    if (spec.subcommands.includes(sub)) {
      i++;
      // `direnv exec DIR cmd`, `aws-vault exec PROFILE cmd`, `asdf exec`: one positional first.
      if (program === 'direnv' || program === 'aws-vault') {
        skip();
        i++;
      }
      // `nix shell pkgs --command cmd` / `nix develop -c cmd`.
      if (program === 'nix') {
        const c = rest.findIndex((a, k) => k >= i && (a.value === '--command' || a.value === '-c'));
        if (c === -1) return [];
        i = c + 1;
      }
      skip();
    } else if (!(spec.builtins && !spec.builtins.has(sub) && /^[a-z@][\w@./-]*$/.test(sub))) return [];
  }
  return rest.slice(i);
}

function peelParallel(rest: Draft['words']): Draft['words'] {
  const sep = rest.findIndex((a) => a.value === ':::' || a.value === '::::' || a.value === ':::+');
  const head = sep === -1 ? rest : rest.slice(0, sep);
  const i = skipOptions(head, 'jSIdnNEa', ['--jobs', '--sshlogin', '--delimiter', '--max-args', '--arg-file', '--joblog', '--results', '--tmpdir', '--timeout', '--retries', '--halt']);
  const cmd = head.slice(i);
  return sep === -1 ? cmd : [...cmd, ...rest.slice(sep + 1).filter((a) => !a.value.startsWith(':::'))];
}

/** `find ROOTS … -exec CMD {} ;` → CMD with `{}` standing for what find found under ROOTS. */
function findExecs(rest: Draft['words']): Draft['words'][] {
  const roots = rest.filter((a, i) => i < firstExpr(rest) && !a.value.startsWith('-'));
  const rootValues = roots.length ? roots : [synthWord('.', rest[0]?.span ?? { start: 0, end: 0 })];
  const names = findNamePatterns(rest);
  const leaf = names.length === 1 ? names[0] : '*';
  const out: Draft['words'][] = [];
  for (let i = 0; i < rest.length; i++) {
    const v = rest[i].value;
    if (v === '-exec' || v === '-execdir' || v === '-ok' || v === '-okdir') {
      const cmd: Draft['words'] = [];
      let j = i + 1;
      for (; j < rest.length; j++) {
        const a = rest[j];
        if (a.value === ';' || a.value === '+') break;
        if (a.value.includes('{}')) {
          for (const r of rootValues) {
            const found = a.value.split('{}').join(`${r.value.replace(/\/+$/, '') || '/'}/${leaf}`);
            cmd.push({ ...a, value: found, glob: true, dynamic: a.dynamic || r.dynamic, offsets: [] });
          }
        } else cmd.push(a);
      }
      if (cmd.length) out.push(cmd);
      i = j;
    }
  }
  return out;
}

const FIND_AGE = new Set(['-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin', '-newer', '-anewer', '-cnewer', '-newermt', '-newerct', '-newerat', '-newermm', '-used']);
const FIND_OWNER = new Set(['-user', '-group', '-uid', '-gid', '-nouser', '-nogroup']);
const FIND_PATH = new Set(['-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-lname', '-ilname']);

/**
 * How far a find expression narrows what its actions reach (see FindScope). Each kind of test
 * counts once: two age tests narrow no more than one. A test under `!`/`-not` or on one side of
 * `-o` narrows nothing that can be relied on, so an expression with either counts no steps.
 * `-type f` still reaches every file of the tree (`find ~ -type f -delete`), and an age test
 * on source (`-mtime +30`) most of it: neither narrows much, so -type counts nothing.
 */
export function findScope(rest: readonly Word[]): FindScope {
  const kinds = new Set<string>();
  let loose = false;
  let single = false;
  let shallow = false;
  let aged = false;
  let onlyEmpty = false;
  let exec = false;
  let ok = false;
  for (let i = firstExpr(rest); i < rest.length && i < 400; i++) {
    const v = rest[i].value;
    if (v === '!' || v === '-not' || v === '-o' || v === '-or') loose = true;
    else if (FIND_AGE.has(v) || /^-newer[acmtB]{2}$/.test(v)) aged = true;
    else if (v === '-size') kinds.add('size');
    else if (FIND_OWNER.has(v)) kinds.add('owner');
    else if (v === '-perm' || v === '-links') kinds.add('perm');
    else if (FIND_PATH.has(v)) kinds.add('path');
    else if (v === '-inum' || v === '-samefile') single = true;
    else if (v === '-empty') onlyEmpty = true;
    else if (v === '-maxdepth' && /^[0-2]$/.test(rest[i + 1]?.value ?? '')) shallow = true;
    else if (v === '-exec' || v === '-execdir' || v === '-delete') exec = true;
    else if (v === '-ok' || v === '-okdir') ok = true;
  }
  if (loose) return { steps: 0, aged: false, shallow: false, named: false, single: false, onlyEmpty: false, asks: ok && !exec };
  return { steps: kinds.size, aged, shallow, named: findNamePatterns(rest).length > 0, single, onlyEmpty, asks: ok && !exec };
}

/** The `-name`/`-iname` patterns of a find expression. */
export function findNamePatterns(rest: readonly Word[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rest.length; i++) {
    if (rest[i].value === '-name' || rest[i].value === '-iname') out.push(rest[i + 1].value);
  }
  return out;
}

export function findRoots(rest: readonly Word[]): Word[] {
  return rest.filter((a, i) => i < firstExpr(rest) && !a.value.startsWith('-'));
}

function firstExpr(rest: readonly Word[]): number {
  const i = rest.findIndex((a) => /^[-!(]/.test(a.value) && !['-H', '-L', '-P'].includes(a.value));
  return i === -1 ? rest.length : i;
}

function containerCommand(rest: Draft['words']): { at: number; words: Draft['words'] } | undefined {
  let i = 0;
  // docker [global options] SUB …
  while (i < rest.length && rest[i].value.startsWith('-')) {
    if (['--context', '--host', '-H', '-c', '--config', '--log-level', '-l'].includes(rest[i].value)) i++;
    i++;
  }
  let sub = rest[i]?.value;
  if (sub === 'container') sub = rest[++i]?.value;
  if (sub === 'compose') {
    i++;
    while (i < rest.length && rest[i].value.startsWith('-')) {
      if (['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory'].includes(rest[i].value)) i++;
      i++;
    }
    sub = rest[i]?.value;
    if (sub !== 'exec' && sub !== 'run') return undefined;
  } else if (sub !== 'exec' && sub !== 'run') return undefined;
  i++;
  for (; i < rest.length; i++) {
    const v = rest[i].value;
    if (v === '--') {
      i++;
      break;
    }
    if (v.startsWith('--')) {
      if (!v.includes('=') && CONTAINER_LONG_WITH_VALUE.has(v)) i++;
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      const last = v[v.length - 1];
      if (CONTAINER_SHORT_WITH_VALUE.includes(last)) i++;
      continue;
    }
    break;
  }
  // rest[i] is the container or image; what follows is the command.
  return { at: i + 1, words: rest.slice(i + 1) };
}

/**
 * What `base64 -d` prints when its input is in the line (`echo <b64> | base64 -d`, a here-string
 * or heredoc): the hidden script, with the span of the encoded text; undefined when the input is
 * elsewhere (a file, a variable, a download) or does not decode to text.
 */
function decodedPayload(decoder: SimpleCommand, previous: readonly SimpleCommand[]): { text: string; span: Span } | undefined {
  if (decoder.program !== 'base64' || decoder.args.some((a) => a.dynamic || !a.value.startsWith('-'))) return undefined;
  const i = previous.indexOf(decoder);
  const input = decoder.stdinText !== undefined ? { text: decoder.stdinText, span: decoder.stdinSpan ?? decoder.span } : staticPrint(i > 0 ? previous[i - 1] : undefined);
  const text = input && base64Utf8(input.text);
  return input && text !== undefined ? { text, span: input.span } : undefined;
}

/**
 * An unquoted `$NAME` or `${NAME}` that is a whole word and holds a known value with blanks is
 * split into fields, as the shell splits it: `cmd="rm -rf /"; $cmd` runs `rm` with `-rf` and `/`.
 */
function splitExpansion(node: Node, b: WordBuild): { value: string; offsets: number[] }[] | undefined {
  if ((node.type !== 'simple_expansion' && node.type !== 'expansion') || b.dynamic || b.quoted || !/[ \t\n]/.test(b.value)) return undefined;
  const fields: { value: string; offsets: number[] }[] = [];
  const re = /[^ \t\n]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(b.value))) fields.push({ value: m[0], offsets: b.offsets.slice(m.index, m.index + m[0].length) });
  return fields;
}

function isDecoder(c: SimpleCommand): boolean {
  const flags = DECODERS[c.program];
  if (!flags) return false;
  if (flags.length === 0) return true;
  return c.args.some((a) => flags.includes(a.value) || (a.value.startsWith('-') && !a.value.startsWith('--') && flags.some((f) => f.length === 2 && a.value.includes(f[1]))));
}

function interpreterCode(rest: readonly Word[], flags: readonly string[]): Word | undefined {
  for (let i = 0; i < rest.length; i++) {
    const v = rest[i].value;
    if (flags.includes(v)) return rest[i + 1];
    const f = flags.find((x) => x.length === 2 && v.startsWith(x) && v.length > 2 && x.startsWith('-'));
    if (f && !v.startsWith('--')) return { ...rest[i], value: v.slice(2) };
    if (!v.startsWith('-')) return undefined;
  }
  return undefined;
}

/** Perl's and Ruby's own quoting: `q{…}`, `qq(…)`, `%x[…]`, each opener with its closer. */
const QUOTE_PAIRS: Readonly<Record<string, string>> = { '{': '}', '(': ')', '[': ']', '<': '>' };

/**
 * String literals that an interpreter one-liner hands to a shell (`os.system('…')`); for Perl,
 * Ruby and PHP also backquotes and `qx{…}` / `%x(…)`, which run a shell command themselves, and
 * `system(q{…})`.
 */
export function shellCallsIn(code: string, program = ''): string[] {
  const out: string[] = [];
  const text = code.slice(0, 64 * 1024);
  const re = /(?:os\.system|os\.popen|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|execSync|exec|spawnSync|system|shell_exec|passthru|popen|`)\s*\(?\s*(?:\[\s*)?(['"])((?:\\.|(?!\1)[^\\]){0,4000})\1/g;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = re.exec(text)) && guard++ < 50) {
    out.push(m[2].replace(/\\(.)/g, '$1'));
  }
  if (!/^(perl|ruby|php)/.test(program)) return out;
  // `…` (not in Python or JavaScript, where it is a string), qx{…} and %x(…), system(q{…}).
  const quoteLike = /`([^`]{1,4000})`|(?:\bqx|%x)\s*([{([<])|\b(?:system|exec)\s*\(?\s*qq?\s*([{([<])/g;
  guard = 0;
  while ((m = quoteLike.exec(text)) && guard++ < 50) {
    if (m[1] !== undefined) {
      out.push(m[1]);
      continue;
    }
    const open = m[2] ?? m[3];
    const close = text.indexOf(QUOTE_PAIRS[open], m.index + m[0].length);
    if (close !== -1) out.push(text.slice(m.index + m[0].length, close));
  }
  return out;
}

function joinCwd(cwd: string | undefined, target: string): string {
  if (target.startsWith('/') || target.startsWith('~')) return target;
  if (!cwd) return target;
  return `${cwd.replace(/\/+$/, '')}/${target}`;
}

function wordsOf(text: string): string[] {
  return text.slice(0, 4096).split(/[^A-Za-z0-9_.-]+/).filter(Boolean).map((t) => t.slice(t.lastIndexOf('/') + 1));
}

/** Programs that print `export X=…` lines for `eval "$(…)"` and nothing else. */
const ENV_PRINTERS: ReadonlySet<string> = new Set([
  'ssh-agent', 'direnv', 'pyenv', 'rbenv', 'nodenv', 'goenv', 'jenv', 'brew', 'starship', 'zoxide', 'fnm', 'mise', 'rtx',
  'conda', 'dircolors', 'opam', 'luarocks', 'gpg-agent', 'keychain', 'thefuck', 'atuin', 'oh-my-posh', 'rustup', 'nvm', 'asdf', 'locale',
]);

/** Filled by the rule registry so a parse error near these words is not waved through. */
export const RISKY_WORDS = new Set<string>();

export function extractCommands(line: string, opts: { positional?: Positional } = {}): ExtractResult {
  const text = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  const ex = new Extractor(line);
  const out: SimpleCommand[] = [];
  ex.parse(text, { env: { base: 0, vars: positionalVars(opts.positional) }, via: [], elevated: false, remote: false, depth: 0 }, out);
  if (ex.full()) ex.issue('the command is too large to analyse fully', { start: 0, end: line.length });
  return { commands: ex.commands, issues: ex.issues, truncated: line.length > MAX_LINE, ...(ex.needsGrammar ? { needsGrammar: true } : {}) };
}
