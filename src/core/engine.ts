/**
 * The command engine: a command line in, a scored result out. Synchronous and bounded; the
 * shell grammar must have been loaded once (see shell/grammar.ts).
 */
import { applyEnvironment, EnvironmentSession, PRODUCTION_RULE_ID } from './environment/apply';
import { mapContainerCommand } from './follow/containers';
import type { Following } from './follow/index';
import type { FollowState } from './follow/state';
import { finish, unanalyzable } from './finish';
import { DEFAULT_POLICY, type Policy, scoreOf } from './policy';
import { markRiskyWords, rulesForAssignment, rulesForProgram, rulesForRedirect } from './rules/registry';
import type { CommandRule, RuleMatch } from './rules/rule';
import { extractCommands, useInlineReader } from './shell/extract';
import { grammarReady, powerShellGrammarReady } from './shell/grammar';
import type { ContainerRun, SimpleCommand } from './shell/model';
import { type ShellPatch, shellPatches } from './shell/patches';
import { prefilterAllows, wordKeys } from './prefilter';
import { extractPowerShell } from './shell/powershell';
import { windowsDialectsOf } from './shell/windows-syntax';
import type { CommandContext, CommandResult, Finding, ShellKind } from './types';


/**
 * What follows the files a line runs (follow/index.ts), once an adapter that reads files has
 * handed it in; until then `ctx.files` is ignored and nothing is followed.
 */
let following: Following | undefined;

export function useFollowing(f: Following | undefined): void {
  following = f;
  useInlineReader(f?.inline);
}

/** Where inline code stands in a finding's chain (`python3 -c '…' → (inline code):2 → …`). */
export const INLINE_FILE = '(inline code)';

export interface EvaluateOptions {
  ctx?: CommandContext;
  policy?: Policy;
  now?: Date;
  /** Skip the trigger-set pre-filter (tests use this to prove the pre-filter changes nothing). */
  noPrefilter?: boolean;
}

/** Command lines longer than this are judged on their first part and flagged as truncated. */
export const MAX_COMMAND_LENGTH = 64 * 1024;

/** The time handed to finish when no allow entry can read it (see judgeCommand). */
const NO_CLOCK = new Date(0);

export function evaluateCommand(line: string, opts: EvaluateOptions = {}): CommandResult {
  return judgeCommand(line, opts).result;
}

/**
 * The command's result, and the patches written into the line (`apply_patch <<'EOF'`, a diff fed
 * to `git apply` or `patch`): file edits the caller judges with the edit engine, reading the files
 * they change (edit/shell-patches.ts), and combines with this result.
 */
export function judgeCommand(line: string, opts: EvaluateOptions = {}): { result: CommandResult; patches: ShellPatch[] } {
  const ctx = opts.ctx ?? {};
  const policy = opts.policy ?? DEFAULT_POLICY;
  // The time matters only to an allow entry's expiry; reading the clock costs more than a small
  // line's whole pre-filter, so a policy without allow entries never does.
  const now = opts.now ?? (policy.allow?.length ? new Date() : NO_CLOCK);
  const command = typeof line === 'string' ? line : String(line);

  if (policy.strictness !== 'off' && !opts.noPrefilter && prefilterAllows(command, ctx.shell, { follow: !!(ctx.files && following) })) {
    return { result: { command, score: 0, severity: 'none', decision: 'allow', findings: [] }, patches: [] };
  }

  let findings: Finding[];
  let patches: ShellPatch[] = [];
  // What the line runs from files (package scripts, Makefiles, scripts) is read through ctx.files;
  // the bookkeeping is made the first time a command needs it (a line without a runner never does).
  let follow: FollowState | undefined;
  const files = ctx.files;
  const f = following;
  const followState = files && f ? (): FollowState => (follow ??= f.newFollowState(files, ctx)) : undefined;
  try {
    const read = analyse(command, ctx, followState, policy);
    findings = read.findings;
    patches = read.patches;
    // A file the line runs is open in the editor with unsaved changes: its text there is judged
    // too (every such file at once, as it will be once saved). The stronger answer wins.
    if (f && follow?.unsavedSeen) {
      const editor = f.editorView(follow);
      findings = dedupe([...findings, ...analyse(command, ctx, () => editor, policy).findings]);
    }
  } catch (e) {
    // The engine's own failure must never wave a command through.
    findings = [unanalyzable(`internal error while analysing this command (${String(e).slice(0, 200)})`, { start: 0, end: command.length })];
  }
  const chain = f && follow ? f.chainDigest(follow) : undefined;
  const spent = f && follow ? f.spentNote(follow) : undefined;
  const result = finish(command, findings, policy, ctx, now, chain);
  if (!chain && !spent) return { result, patches };
  return { result: { ...result, ...(chain ? { chain } : {}), ...(spent ? { notes: [spent] } : {}) }, patches };
}

/**
 * True when judging `line` needs the shell grammar and it is not loaded yet. A one-shot CLI run
 * loads the grammar (WebAssembly, its largest cost) only then: a line of plain words, and any
 * line for PowerShell or cmd, is read without it, with the same result.
 */
export function needsShellGrammar(line: string, shell?: ShellKind): boolean {
  const need = grammarsNeeded(line, shell);
  return need.bash || need.powershell;
}

/** `pwsh`, `powershell` or their .exe anywhere in a line: it may hold PowerShell to read. */
const POWERSHELL_WORD = /(?:^|[^\w-])(?:pwsh|powershell)(?:\.exe)?(?![\w-])/i;

/**
 * POWERSHELL_WORD's answer, trying it only on a line that holds one of the words in any case (its
 * `i` matches ASCII letters only): V8 compiles it on its first use, a cost a process that judges
 * one line (a hook call without the warm server) otherwise pays on every line.
 */
function mayNamePowerShell(text: string): boolean {
  const lower = text.toLowerCase();
  return (lower.includes('pwsh') || lower.includes('powershell')) && POWERSHELL_WORD.test(text);
}

/**
 * Which grammars judging `line` needs that are not loaded yet. The PowerShell grammar is needed
 * by a PowerShell line and by any line that starts PowerShell (`pwsh -c "…"`, `cmd /c powershell …`);
 * a cmd.exe line alone is read without either. The bash grammar is needed by a bash line that is
 * not plain words, or that runs files (a script, a package script, a recipe) for what they say.
 */
export function grammarsNeeded(line: string, shell?: ShellKind): { bash: boolean; powershell: boolean } {
  const text = typeof line === 'string' ? line : String(line);
  const bashLike = shell !== 'pwsh' && shell !== 'cmd';
  const powershell = !powerShellGrammarReady() && (shell === 'pwsh' || mayNamePowerShell(text) || (bashLike && windowsDialectsOf(text).includes('pwsh')));
  const extracted = grammarReady() || !bashLike ? undefined : extractCommands(text);
  const bash = extracted !== undefined && (extracted.needsGrammar === true || following?.mayFollow(extracted.commands) === true);
  return { bash, powershell };
}

/** Raw findings before policy: every rule that fires on every simple command. */
export function findingsFor(command: string, ctx: CommandContext, policy?: Policy): Finding[] {
  return analyse(command, ctx, undefined, policy).findings;
}

function analyse(command: string, ctx: CommandContext, follow?: () => FollowState, policy?: Policy, opts: { inFile?: boolean } = {}): { findings: Finding[]; patches: ShellPatch[] } {
  markRiskyWords();
  const extracted = ctx.shell === 'pwsh' || ctx.shell === 'cmd' ? extractPowerShell(command, ctx.shell) : extractCommands(command, ctx.positional ? { positional: ctx.positional } : {});
  const findings: Finding[] = [];
  for (const issue of extracted.issues) {
    // In a file the line runs, what the reader cannot make out of the file's own text (a computed
    // program, a construct it does not parse) is not the line hiding anything: the file is there
    // and its readable commands are judged. What cannot be followed at all stays UNK001 (follow/).
    if (!issue.blocksAnalysis || opts.inFile) continue;
    findings.push(unanalyzable(issue.message, issue.span));
  }
  if (extracted.truncated) {
    findings.push(unanalyzable(`command line too long to analyse fully (${command.length} characters); only the first ${MAX_COMMAND_LENGTH} were read`, { start: MAX_COMMAND_LENGTH, end: command.length }));
  }
  // Where each command acts: read only for commands a rule has something to say about.
  const session = new EnvironmentSession(extracted.commands, ctx, policy?.production);
  // Findings that stand for a file a command runs until following reads it (RuleMatch.untilRead).
  const untilRead: { cmd: SimpleCommand; finding: Finding }[] = [];
  for (const written of extracted.commands) {
    // A command run in a new container reaches the host only through its bind mounts: judged there.
    const fl = following;
    const compose = follow && fl ? (run: ContainerRun, hostDir: string) => fl.composeService(run, hostDir, ctx, follow()) : undefined;
    const { cmd, note } = mapContainerCommand(written, ctx, compose);
    const byProgram = rulesForProgram(cmd.program);
    const writes = cmd.redirects.some((r) => r.target && WRITE_REDIRECT.test(r.op));
    let rules = writes ? [...byProgram, ...rulesForRedirect().filter((r) => !byProgram.includes(r))] : byProgram;
    const assigned = cmd.assignments.length ? cmd.assignments.flatMap((a) => rulesForAssignment(a.name)) : NO_RULES;
    if (assigned.length) rules = [...rules, ...new Set(assigned.filter((r) => !rules.includes(r)))];
    const found: [CommandRule, RuleMatch][] = [];
    // Bound, not a new arrow per command: the same function, made more cheaply.
    const environment = session.verdict.bind(session, written);
    const triggers = programTriggers(cmd.program);
    let keys: Set<string> | undefined;
    for (const rule of rules) {
      const t = triggers.get(rule);
      const triggered = t !== undefined && (t.any || hasAny(t.subcommands, (keys ??= wordKeys(cmd.args.map((a) => a.value)))));
      if (!triggered && !(writes && rule.onRedirect) && !assigned.includes(rule)) continue;
      let matches: RuleMatch | RuleMatch[] | undefined;
      try {
        matches = rule.check(cmd, { ctx, environment });
      } catch (e) {
        // A rule bug must not let a command through silently.
        findings.push(unanalyzable(`rule ${rule.id} failed on this command (${String(e)})`, cmd.span));
        continue;
      }
      if (!matches) continue;
      for (const m of Array.isArray(matches) ? matches : [matches]) found.push([rule, m]);
    }
    // The production rule speaks only for commands no other rule found anything in.
    const kept = found.some(([r]) => r.id !== PRODUCTION_RULE_ID) ? found.filter(([r]) => r.id !== PRODUCTION_RULE_ID) : found;
    const env = kept.length ? environment() : undefined;
    for (const [rule, m] of kept) {
      const f = toFinding(rule, cmd, m, env);
      // Say which host folder a path in the container is.
      const finding = note ? { ...f, message: `${f.message.replace(/\.$/, '')} (${note}).` } : f;
      if (m.untilRead) untilRead.push({ cmd: written, finding });
      else findings.push(finding);
    }
  }
  const state = follow && following?.mayFollow(extracted.commands) ? follow() : undefined;
  if (state && following) findings.push(...followed(following, extracted.commands, ctx, state));
  for (const u of untilRead) if (!state?.readFor.has(u.cmd)) findings.push(u.finding);
  if (ctx.shell !== 'pwsh' && ctx.shell !== 'cmd') findings.push(...windowsReadings(command, ctx, findings, follow, policy));
  return { findings: dedupe(findings), patches: shellPatches(extracted.commands) };
}

/**
 * A line sent as bash but written for PowerShell or cmd.exe (a cmdlet first, a drive letter, `/s
 * /q` switches) is judged in those shells too: what they find that bash did not, or found weaker,
 * is added, so the stronger answer wins. What those shells cannot read is not: the line is bash
 * as far as anyone knows, and its bash reading already reports what it cannot read.
 */
function windowsReadings(command: string, ctx: CommandContext, found: readonly Finding[], follow?: () => FollowState, policy?: Policy): Finding[] {
  const out: Finding[] = [];
  for (const shell of windowsDialectsOf(command)) {
    for (const f of analyse(command, { ...ctx, shell }, follow, policy).findings) {
      if (f.category === 'unanalyzable') continue;
      if ([...found, ...out].some((b) => b.ruleId === f.ruleId && b.score >= f.score)) continue;
      out.push(f);
    }
  }
  return out;
}

/**
 * What the line's commands run from files, judged by this same engine (nested runs included) and
 * reported at the invoking words. Inline code (`python3 -c`) is the extractor's: see toFinding.
 */
function followed(fl: Following, commands: readonly SimpleCommand[], ctx: CommandContext, state: FollowState): Finding[] {
  return fl.followCommands(commands, ctx, state, (text, inner, st) => {
    if (prefilterAllows(text, inner.shell, { follow: true })) return [];
    // A file a line runs is judged for what it does, not for how it is written: a script that
    // dispatches through a computed program (`exec "$command_path" "$@"`, as pyenv, nvm and most
    // launchers do) or that the reader does not fully parse is everyday code.
    return analyse(text, inner, () => st, undefined, { inFile: true }).findings;
  });
}

const NO_RULES: readonly CommandRule[] = [];

/** True when `keys` holds a word of `words`. */
function hasAny(words: ReadonlySet<string>, keys: ReadonlySet<string>): boolean {
  for (const k of keys) if (words.has(k)) return true;
  return false;
}

/** Redirect operators that write a file. */
const WRITE_REDIRECT = /^(>|>>|>\||&>|&>>)$/;

/**
 * For one program, what makes each of its rules' triggers match: any invocation, or one naming
 * a word of a set (the union of the subcommands of the rule's triggers that name the program,
 * looked up among the command's wordKeys).
 * Made once per program: the engine asks every rule of a program on every command of it.
 */
interface ProgramTrigger {
  any: boolean;
  subcommands: Set<string>;
}

const PROGRAM_TRIGGERS = new Map<string, Map<CommandRule, ProgramTrigger>>();
const NO_TRIGGERS = new Map<CommandRule, ProgramTrigger>();

function programTriggers(program: string): Map<CommandRule, ProgramTrigger> {
  let byRule = PROGRAM_TRIGGERS.get(program);
  if (byRule) return byRule;
  // Only programs some rule names are kept, so the map stays as small as the rule registry.
  const rules = rulesForProgram(program);
  if (!rules.length) return NO_TRIGGERS;
  byRule = new Map();
  for (const rule of rules) {
    const entry: ProgramTrigger = { any: false, subcommands: new Set() };
    for (const t of rule.triggers) {
      if (!t.programs.includes(program)) continue;
      if (!t.subcommands) entry.any = true;
      else for (const s of t.subcommands) entry.subcommands.add(s);
    }
    byRule.set(rule, entry);
  }
  PROGRAM_TRIGGERS.set(program, byRule);
  return byRule;
}


function toFinding(rule: CommandRule, cmd: SimpleCommand, m: RuleMatch, env: ReturnType<EnvironmentSession['verdict']>): Finding {
  const scope = [...(m.context?.scope ?? [])];
  if (cmd.elevated) scope.push('elevated');
  if (cmd.remote) scope.push('remote');
  // Production raises one step, once, however many sources say so (see environment/apply.ts).
  const placed = applyEnvironment({ severity: m.severity ?? rule.severity, message: m.message ?? rule.summary, scope }, env, rule.id === PRODUCTION_RULE_ID);
  const finding: Finding = {
    ruleId: rule.id,
    category: rule.category,
    severity: placed.severity,
    score: scoreOf(placed.severity, { ...m.context, scope: placed.scope }),
    message: placed.message,
    span: m.span ?? cmd.span,
    alternative: m.alternative ?? rule.alternative,
    ...inlineChain(cmd),
  };
  if (placed.environment) finding.environment = placed.environment;
  return finding;
}

/**
 * A command found in code the line hands an interpreter (`python3 -c '…'`, a heredoc into
 * `node`): reported at the invoking words, its chain the code's line (`(inline code):2`), as a
 * followed file's finding is. The innermost such code wins (`python3 -c "exec('…')"`).
 */
function inlineChain(cmd: SimpleCommand): Pick<Finding, 'span' | 'via'> | undefined {
  let src: Extract<SimpleCommand['via'][number], { kind: 'source' }> | undefined;
  for (const v of cmd.via) if (v.kind === 'source') src = v;
  if (!src) return undefined;
  return { span: src.at, via: [{ file: INLINE_FILE, line: src.line, text: src.text }] };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.span.start}:${f.span.end}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}


export { environmentKey, finish, unanalyzable } from './finish';
export { loadEveryPack } from './rules/registry';
