import { evaluateCommand } from '../../../engine';
import { joinPath } from '../../../environment/model';
import { DEFAULT_POLICY, type Policy } from '../../../policy';
import { type DocNode, get, scalar } from '../../../parsers/tree';
import { grammarReady } from '../../../shell/grammar';
import type { CommandContext, Finding } from '../../../types';
import type { EditMatch } from '../../rule';
import { dirname } from '../../text';
import { FileView } from '../../view';
import { ciFile } from '../ci/helpers';
import { allLines, defineRule, type LineRef } from '../helpers';
import { hostKind } from './helpers';

/** Command engine input is capped; longer scripts are judged piece by piece. */
const MAX_SCRIPT = 60 * 1024;

const MAX_COMMANDS_PER_FILE = 2000;

interface CommandSource {
  /** The command text as the shell would read it (same length as the source where possible). */
  text: string;
  /** Offset of text[0] in the after text, or undefined when offsets cannot be mapped 1:1. */
  offset?: number;
  /** Fallback location when offsets do not map. */
  span: { start: number; end: number };
  /** For YAML block scalars: the after-text line where the value's first line is. */
  firstLine?: number;
  where: string;
  /** A multi-line source (a whole script, a YAML block): report only findings on touched lines. */
  perLine?: boolean;
}

function touched(view: FileView, start: number, end: number): boolean {
  return view.status === 'added' || view.touches('after', start, end);
}

/** Joins backslash continuations without changing offsets: `\` + newline becomes two spaces. */
function joinContinuations(s: string): string {
  return s.replace(/\\\r?\n/g, (m) => ' '.repeat(m.length));
}

function shellSources(view: FileView): CommandSource[] {
  const text = view.after;
  if (text.length <= MAX_SCRIPT) return [{ text: joinContinuations(text), offset: 0, span: { start: 0, end: text.length }, where: 'script', perLine: true }];
  // Large script: each changed logical line on its own.
  return logicalLines(allLines(view, 'after'))
    .filter((l) => touched(view, l.start, l.end))
    .map((l) => ({ text: joinContinuations(text.slice(l.start, l.end)), offset: l.start, span: { start: l.start, end: l.end }, where: 'script' }));
}

function logicalLines(lines: LineRef[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let cur: { start: number; end: number } | undefined;
  for (const l of lines) {
    if (!cur) cur = { start: l.start, end: l.end };
    else cur.end = l.end;
    if (!l.text.endsWith('\\')) {
      out.push(cur);
      cur = undefined;
    }
  }
  if (cur) out.push(cur);
  return out;
}

function dockerSources(view: FileView): CommandSource[] {
  const out: CommandSource[] = [];
  const lines = allLines(view, 'after');
  const text = view.after;
  for (const l of logicalLines(lines)) {
    const raw = text.slice(l.start, l.end);
    const m = /^\s*RUN\s+((?:--[\w-]+(?:=\S+)?\s+)*)/i.exec(raw);
    if (!m) continue;
    let body = raw.slice(m[0].length);
    let offset: number | undefined = l.start + m[0].length;
    // Heredoc form: RUN <<EOF … EOF.
    const here = /^<<-?\s*["']?(\w+)["']?\s*$/.exec(body.trim());
    if (here) {
      const end = text.indexOf(`\n${here[1]}`, l.end);
      const stop = end < 0 ? text.length : end;
      body = text.slice(l.end + 1, stop);
      offset = l.end + 1;
      if (!touched(view, l.start, stop)) continue;
      out.push({ text: body, offset, span: { start: l.start, end: stop }, where: 'Dockerfile RUN' });
      continue;
    }
    if (!touched(view, l.start, l.end)) continue;
    if (body.trimStart().startsWith('[')) {
      // Exec form: a JSON array of words.
      try {
        const words = JSON.parse(body) as unknown;
        if (Array.isArray(words)) {
          body = words.map((w) => `'${String(w).replace(/'/g, "'\\''")}'`).join(' ');
          offset = undefined;
        }
      } catch {
        // Not valid JSON: judge it as written.
      }
    }
    out.push({ text: joinContinuations(body), offset, span: { start: l.start, end: l.end }, where: 'Dockerfile RUN' });
  }
  return out;
}

function makeSources(view: FileView): CommandSource[] {
  const out: CommandSource[] = [];
  const text = view.after;
  let inRule = false;
  for (const l of logicalLines(allLines(view, 'after'))) {
    const raw = text.slice(l.start, l.end);
    if (raw.startsWith('\t')) {
      if (!inRule || !touched(view, l.start, l.end)) continue;
      // Keep offsets: recipe prefixes become spaces, `$$` becomes ` $`, `$(VAR)` becomes `${VAR}`.
      const body = raw
        .slice(1)
        .replace(/^[@+-]+/, (p) => ' '.repeat(p.length))
        .replace(/\$\$/g, ' $')
        .replace(/\$\((\w+)\)/g, '${$1}');
      out.push({ text: joinContinuations(body), offset: l.start + 1, span: { start: l.start, end: l.end }, where: 'Makefile recipe' });
    } else if (/^[^\s#=][^=]*:(?!=)/.test(raw)) inRule = true;
    else if (raw.trim() && !raw.startsWith('#')) inRule = false;
  }
  return out;
}

function packageJsonSources(view: FileView): CommandSource[] {
  const out: CommandSource[] = [];
  const doc = view.docs('after').docs[0];
  const before = view.docs('before').docs[0];
  const scripts = get(doc, 'scripts');
  if (scripts?.kind !== 'map') return out;
  for (const e of scripts.entries) {
    const v = scalar(e.value);
    if (!v || !e.value) continue;
    if (scalar(get(before, 'scripts', e.key)) === v) continue;
    out.push({ text: v, offset: e.value.start + 1, span: { start: e.keyStart, end: e.value.end }, where: `package.json script "${e.key}"` });
  }
  return out;
}

function ciSources(view: FileView): CommandSource[] {
  const out: CommandSource[] = [];
  const file = ciFile(view, 'after');
  for (const job of file.jobs.values()) {
    for (const s of job.scripts) {
      if (!touched(view, s.node.start, s.node.end)) continue;
      out.push(scriptSource(view, s.text, s.node, `${file.gitlab ? 'GitLab job' : 'workflow job'} ${job.name}`));
    }
  }
  return out;
}

function scriptSource(view: FileView, text: string, node: DocNode, where: string): CommandSource {
  const idx = view.index('after');
  const raw = view.after.slice(node.start, Math.min(node.end, node.start + 2));
  const block = raw.startsWith('|') || raw.startsWith('>');
  return { text, span: { start: node.start, end: node.end }, firstLine: idx.lineOf(node.start) + (block ? 1 : 0), where, perLine: block };
}

/** Where in the after text a command finding points. */
function locate(view: FileView, src: CommandSource, f: Finding): { start: number; end: number } {
  if (src.offset !== undefined) return { start: src.offset + f.span.start, end: src.offset + Math.max(f.span.start, f.span.end) };
  if (src.firstLine !== undefined) {
    const idx = view.index('after');
    let line = src.firstLine;
    for (let i = 0; i < f.span.start && i < src.text.length; i++) if (src.text.charCodeAt(i) === 10) line++;
    return { start: idx.lineStart(line), end: idx.lineEnd(line) };
  }
  return src.span;
}

/**
 * The command engine's context for the commands of a file, as the adapters build it for a
 * terminal command (the same environment reader): where they would act when run here. A package
 * script runs in its package's folder and a Makefile recipe in the Makefile's; a script's folder
 * is only known when it runs, so Terraform's workspace or a relative kubeconfig there stay
 * unknown, said so. A CI job or a Dockerfile step runs on another machine: only the line counts.
 */
function commandContextOf(view: FileView, kind: ReturnType<typeof hostKind>): CommandContext {
  const ctx: CommandContext = { shell: 'bash' };
  const { environment, home, workspace } = view.ctx;
  if (!environment || (kind !== 'package' && kind !== 'make' && kind !== 'shell')) return ctx;
  ctx.environment = environment;
  if (home) ctx.home = home;
  if (workspace && kind !== 'shell') {
    const dir = dirname(view.path);
    ctx.cwd = dir ? joinPath(workspace, dir) : workspace;
  }
  return ctx;
}

function sourcesOf(view: FileView): CommandSource[] {
  switch (hostKind(view)) {
    case 'package':
      return packageJsonSources(view);
    case 'docker':
      return dockerSources(view);
    case 'make':
      return makeSources(view);
    case 'ci':
      return ciSources(view);
    case 'shell':
      return shellSources(view);
    default:
      return [];
  }
}

export const commandsInFiles = defineRule({
  id: 'EDT008',
  name: 'commands-in-files',
  category: 'unanalyzable',
  severity: 'critical',
  files: ['**'],
  delegates: true,
  summary: 'Changed commands in scripts, Dockerfiles, Makefiles, package.json scripts and CI steps are scored by the command engine; findings carry the command rule\'s id.',
  rationale: 'A destructive command written into a script runs later, often in CI with more rights than the agent had. It is judged exactly as if it were typed in the terminal, and only lines the edit touched are reported.',
  alternative: 'See the alternative of the command rule that fired.',
  examples: {
    fire: [{ path: 'scripts/clean.sh', before: '#!/bin/sh\necho cleaning\n', after: '#!/bin/sh\necho cleaning\nrm -rf /\n' }],
    pass: [{ path: 'scripts/clean.sh', before: '#!/bin/sh\necho cleaning\n', after: '#!/bin/sh\necho "rm -rf /"\n' }],
  },
  check(view) {
    if (view.status === 'deleted') return [];
    const sources = sourcesOf(view);
    if (!sources.length) return [];
    if (!grammarReady()) {
      return [{ severity: 'medium', message: `${sources.length} changed command${sources.length === 1 ? '' : 's'} could not be checked: the shell grammar is not loaded`, afterSpan: sources[0].span }];
    }
    const out: EditMatch[] = [];
    const ctx = commandContextOf(view, hostKind(view));
    const policy: Policy | undefined = view.ctx.production ? { ...DEFAULT_POLICY, production: view.ctx.production } : undefined;
    for (const src of sources.slice(0, MAX_COMMANDS_PER_FILE)) {
      const res = evaluateCommand(src.text, { ctx, policy });
      for (const f of res.findings) {
        const at = locate(view, src, f);
        // In a whole script or a YAML block, report only what sits on lines the edit touched.
        if (src.perLine && !touched(view, at.start, Math.max(at.start + 1, at.end))) continue;
        out.push({
          ruleId: f.ruleId,
          category: f.category,
          severity: f.severity,
          message: `${src.where}: ${f.message}`,
          alternative: f.alternative,
          afterSpan: at,
          ...(f.environment ? { environment: f.environment } : {}),
        });
      }
    }
    return out;
  },
});
