/**
 * What several filesystem rules share.
 */
import { findNamePatterns, findRoots, findScope } from '../../shell/extract';
import { describeImpact, weighDeletion } from '../../impact/model';
import type { FindScope, SimpleCommand, Word } from '../../shell/model';
import type { CommandContext, ImpactCount, Severity, TargetClass } from '../../types';
import { classifyPath, type ResolvedTarget } from '../paths';

export { DEVICE, isBlockDevice } from '../../block-devices';

/** How bad a recursive delete is, by what it hits. Undefined: not worth a word. */
export const RECURSIVE: Readonly<Record<TargetClass, Severity | undefined>> = {
  'system-root': 'critical',
  home: 'critical',
  'workspace-root': 'critical',
  'outside-workspace': 'high',
  'vcs-metadata': 'high',
  'workspace-source': 'high',
  glob: 'high',
  'workspace-unknown': 'medium',
  dynamic: 'medium',
  artifact: undefined,
  temp: undefined,
};

/** How bad deleting a single file is. */
export const SINGLE: Readonly<Record<TargetClass, Severity | undefined>> = {
  'system-root': 'critical',
  home: 'high',
  'workspace-root': 'high',
  'outside-workspace': 'medium',
  'vcs-metadata': 'medium',
  'workspace-source': 'low',
  glob: 'low',
  'workspace-unknown': 'low',
  dynamic: 'low',
  artifact: undefined,
  temp: undefined,
};

interface Target {
  word: Word;
  t: ResolvedTarget;
}

/** Classes whose content is worth counting: the project's files and folders and those outside it, not the whole home or system. */
const COUNTED = new Set<TargetClass>(['workspace-source', 'workspace-unknown', 'outside-workspace']);

/**
 * Weighs deleting targets by what they hold (the measured impact of core/impact), for folders and
 * single files alike: `weigh(t, base)` turns the path's own weight into the measured one and keeps
 * the count, `words(t)` says it (": 1 file, 120 bytes; 1 file is not in git, …"). Without an
 * impact reader, or for a target not worth counting, the path's weight stands.
 */
export class MeasuredDeletion {
  private readonly counts = new Map<ResolvedTarget, ImpactCount | undefined>();

  constructor(private readonly ctx: CommandContext) {}

  count(t: ResolvedTarget): ImpactCount | undefined {
    if (!this.ctx.impact || !t.path || !COUNTED.has(t.cls)) return undefined;
    if (!this.counts.has(t)) this.counts.set(t, this.ctx.impact.count(t.path));
    return this.counts.get(t);
  }

  weigh(t: ResolvedTarget, base: Severity): Severity {
    return weighDeletion(base, this.count(t), { mayLower: t.cls === 'workspace-source' || t.cls === 'workspace-unknown' }).severity;
  }

  /** The count in words after a colon, or nothing when the target was not counted or is not there. */
  words(t: ResolvedTarget, name?: string): string {
    const c = this.counts.get(t);
    return c?.exists ? `: ${name ? `${name} holds ` : ''}${describeImpact(c)}` : '';
  }
}

export function targetsOf(cmd: SimpleCommand, words: readonly Word[], ctx: CommandContext): Target[] {
  return words.map((word) => ({ word, t: classifyPath(word, cmd, ctx) }));
}

/** The worst target under a severity table, or undefined if none matters. */
export function worst(targets: readonly Target[], table: Readonly<Record<TargetClass, Severity | undefined>>, bump?: (t: ResolvedTarget) => Severity | null | undefined): { target: Target; severity: Severity } | undefined {
  let best: { target: Target; severity: Severity } | undefined;
  const rank = (s: Severity): number => ['low', 'medium', 'high', 'critical'].indexOf(s);
  for (const target of targets) {
    const b = bump?.(target.t);
    const s = b === null ? undefined : (b ?? table[target.t.cls]);
    if (!s) continue;
    if (!best || rank(s) > rank(best.severity)) best = { target, severity: s };
  }
  return best;
}

export function describeMany(targets: readonly Target[]): string {
  const names = targets.filter((x) => x.t.cls !== 'artifact' && x.t.cls !== 'temp').map((x) => x.t.what);
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
}

/** Splits rm-style arguments into flags and operands, honouring `--`. */
export function splitArgs(args: readonly Word[]): { flags: Set<string>; operands: Word[] } {
  const flags = new Set<string>();
  const operands: Word[] = [];
  let done = false;
  for (const a of args) {
    const v = a.value;
    if (!done && v === '--') {
      done = true;
      continue;
    }
    if (!done && v.startsWith('--') && v.length > 2) flags.add(v.slice(2).split('=')[0]);
    else if (!done && v.startsWith('-') && v.length > 1 && !a.quoted) for (const ch of v.slice(1)) flags.add(ch);
    else operands.push(a);
  }
  return { flags, operands };
}

/** Targets that reach rm through a pipe from `find` (find … | xargs rm). */
export function pipedFindTargets(cmd: SimpleCommand): Word[] {
  // xargs rm <<< "a b", or a heredoc: the list is right there, one word per blank-separated item.
  if (cmd.stdinText !== undefined && cmd.via.some((v) => v.kind === 'stdin-args')) {
    const span = cmd.stdinSpan ?? cmd.span;
    return cmd.stdinText.split(/\s+/).filter(Boolean).slice(0, 64).map((value) => ({ value, raw: value, span, dynamic: value.includes('\u0000'), glob: /[*?[]/.test(value), quoted: true }));
  }
  const prev = cmd.pipeline?.previous ?? [];
  // echo a b | xargs rm: the words are right there.
  if (prev.length === 1 && (prev[0].program === 'echo' || prev[0].program === 'printf') && prev[0].args.every((a) => !a.dynamic)) {
    return prev[0].args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a.value))).flatMap((a) => a.value.split(/\s+/).filter(Boolean).map((value) => ({ ...a, value })));
  }
  const find = prev.find((p) => p.program === 'find' || p.program === 'fd');
  if (!find) return [];
  const roots = find.program === 'find' ? findRoots(find.args) : find.args.filter((a) => !a.value.startsWith('-')).slice(1, 2);
  const names = find.program === 'find' ? findNamePatterns(find.args) : [];
  const leaf = names.length === 1 ? names[0] : '*';
  const base = roots.length ? roots : [{ ...find.programWord, value: '.' }];
  return base.map((r) => ({ ...r, value: `${r.value.replace(/\/+$/, '') || '/'}/${leaf}`, glob: true }));
}

/** find … -exec rm {} deletes every match under the roots, which is a recursive delete. */
export function viaFind(cmd: SimpleCommand): boolean {
  return cmd.via.some((v) => v.kind === 'find-exec') || (cmd.argsFromStdin === true && pipedFindTargets(cmd).length > 0);
}

export function stateBump(t: ResolvedTarget): Severity | undefined {
  return t.stateFile && t.cls === 'workspace-source' ? (/\.tfstate|\.(sqlite3?|db)$/i.test(t.what) ? 'high' : 'medium') : undefined;
}

/** The find expression a deletion's targets come from (`find … -exec rm`, `find … | xargs rm`), if any. */
export function findScopeOf(cmd: SimpleCommand): FindScope | undefined {
  for (const v of cmd.via) if (v.kind === 'find-exec') return v.scope;
  if (!cmd.argsFromStdin) return undefined;
  const find = cmd.pipeline?.previous.find((p) => p.program === 'find');
  return find ? findScope(find.args) : undefined;
}

const ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** A severity lowered by `steps` (never below low). */
export function lowered(severity: Severity, steps: number): Severity {
  return ORDER[Math.max(0, ORDER.indexOf(severity) - Math.max(0, steps))];
}

/**
 * What a find expression's tests do to the weight of deleting what it matches: each independent
 * test (size, owner, a path pattern; a depth limit unless the action recurses itself; age outside
 * the home and the project, where old files are logs and scratch) lowers it a step, and so does a name when the whole of a system or home folder was at stake (there the
 * name is all that narrows it); one file (-inum, -samefile) weighs as deleting one file there,
 * never more than high; only empty ones, at most low.
 */
export function findWeight(severity: Severity, scope: FindScope, opts: { rootCls?: TargetClass; single?: Severity; recursiveAction?: boolean }): Severity | undefined {
  if (scope.single) return opts.single === 'critical' ? 'high' : opts.single;
  const wide = opts.rootCls === 'home' || (severity === 'critical' && (opts.rootCls === 'system-root' || opts.rootCls === 'outside-workspace'));
  const system = opts.rootCls === 'system-root' || opts.rootCls === 'outside-workspace';
  const steps = scope.steps + (scope.named && wide ? 1 : 0) + (scope.shallow && !opts.recursiveAction ? 1 : 0) + (scope.aged && system ? 1 : 0);
  const s = lowered(severity, steps);
  return scope.onlyEmpty ? 'low' : s;
}

/**
 * True when something other than a person may answer the command's questions: a pipe or a
 * heredoc feeds its stdin (`yes | rm -ri src`), or it reads a file (`< answers`).
 */
export function stdinFed(cmd: SimpleCommand): boolean {
  return (cmd.pipeline?.index ?? 0) > 0 || cmd.stdinText !== undefined || cmd.redirects.some((r) => r.op === '<' || r.op === '<<' || r.op === '<<<' || r.op === '<<-');
}

/**
 * rm that asks before it deletes: the last of -i/-I/--interactive and -f wins
 * (`rm -if` does not ask). `--interactive=never` never asks.
 */
export function rmAsks(cmd: SimpleCommand): boolean {
  let asks = false;
  for (const a of cmd.args) {
    const v = a.value;
    if (v === '--') break;
    if (v === '--force') asks = false;
    else if (v === '--interactive' || /^--interactive=(always|once)$/.test(v)) asks = true;
    else if (v === '--interactive=never') asks = false;
    else if (/^-[A-Za-z]+$/.test(v) && !a.quoted) {
      for (const c of v.slice(1)) {
        if (c === 'i' || c === 'I') asks = true;
        else if (c === 'f') asks = false;
      }
    }
  }
  return asks && !stdinFed(cmd);
}

/**
 * diskpart scripts (FS011): what a diskpart script does, statement by statement, as Microsoft's DiskPart command reference
 * describes each command (learn.microsoft.com, windows-commands: clean, format, delete partition,
 * delete volume, delete disk, convert). Only the commands that destroy data count; the rest
 * (list, select, detail, create, assign, rescan, exit, rem …) change nothing that was there.
 */

export interface DiskpartStep {
  /** 1-based line of the script. */
  line: number;
  /** The statement as written, trimmed. */
  text: string;
  severity: Severity;
  /** What it destroys, for a message ("erases every partition of the selected disk"). */
  what: string;
}

/** At most this many lines of a script are read; a longer one is judged by its start. */
const MAX_LINES = 2000;

/**
 * The destructive statements of a diskpart script. diskpart matches a command by its first
 * letters (`sel dis 1`, `del par`), as its own help says; parameters are `name=value` or words.
 */
export function diskpartSteps(script: string): DiskpartStep[] {
  const out: DiskpartStep[] = [];
  const lines = script.split(/\r?\n/).slice(0, MAX_LINES);
  lines.forEach((raw, i) => {
    const text = raw.trim();
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const [verb, object] = words;
    if (!verb || verb === 'rem' || verb.startsWith('#')) return;
    const is = (word: string | undefined, full: string, min: number): boolean => !!word && word.length >= min && full.startsWith(word);
    const rest = words.slice(1);
    const step = (severity: Severity, what: string): void => void out.push({ line: i + 1, text, severity, what });
    // clean: removes every partition and volume formatting from the disk with focus; `clean all` also zeroes every sector.
    if (is(verb, 'clean', 3)) return step('critical', rest.includes('all') ? 'zeroes every sector of the selected disk' : 'removes every partition of the selected disk');
    // format: formats the volume or partition with focus, deleting what it holds (quick or not).
    if (is(verb, 'format', 3)) return step('critical', 'formats the selected volume');
    if (is(verb, 'delete', 3)) {
      const override = rest.includes('override');
      // delete partition: deletes the partition with focus; `override` deletes any partition regardless of type (system, boot, OEM).
      if (is(object, 'partition', 3)) return step(override ? 'critical' : 'high', override ? 'deletes the selected partition, whatever its type (override)' : 'deletes the selected partition and what it holds');
      // delete volume: deletes the selected volume (not the system or boot volume).
      if (is(object, 'volume', 3)) return step('high', 'deletes the selected volume and what it holds');
      // delete disk: removes a missing dynamic disk from the list; `override` deletes all simple volumes on the disk.
      if (is(object, 'disk', 3) && override) return step('critical', 'deletes every simple volume of the selected disk (override)');
      return;
    }
    // convert gpt / mbr needs an empty disk (it fails on one with partitions): what empties the disk is the clean before it.
    // convert basic likewise needs an empty dynamic disk; convert dynamic keeps the data.
  });
  return out;
}

/** The word naming the script file diskpart runs: `diskpart /s <script>` (`/S` too; diskpart takes no other parameter but `/?`). */
export function diskpartScriptWord(cmd: SimpleCommand): Word | undefined {
  const i = cmd.args.findIndex((a) => /^[/-]s$/i.test(a.value));
  return i < 0 ? undefined : cmd.args[i + 1];
}

/**
 * What a diskpart script does, in one sentence: its worst step (the first of the worst), and how
 * many more destructive steps follow. `script` is how the message names it ("The diskpart script
 * it is fed", "The diskpart script wipe.txt"). Undefined when no step destroys anything.
 */
export function diskpartVerdict(text: string, script: string): { severity: Severity; message: string; step: DiskpartStep } | undefined {
  const steps = diskpartSteps(text);
  const order: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
  const worst = steps.reduce<DiskpartStep | undefined>((w, st) => (!w || order.indexOf(st.severity) > order.indexOf(w.severity) ? st : w), undefined);
  if (!worst) return undefined;
  const more = steps.length > 1 ? `, and ${steps.length - 1} more destructive step${steps.length > 2 ? 's' : ''}` : '';
  return { severity: worst.severity, step: worst, message: `${script} ${worst.what} (\`${worst.text}\`${more}).` };
}
