/**
 * `blast-radius scan`: judges file changes the way the editor judges an agent's edits. It reads
 * the working tree, the index or a unified diff, hands every changed file (as one batch) to the
 * edit engine, and prints text, JSON or SARIF. All git and file I/O happens here, never in core.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { parsePatch } from 'diff';
import { evaluateBatch } from '../core/edit/engine';
import { type ForeignRuleInfo, toReport, toSarif, toText } from '../core/edit/report';
import type { EditContext, FileChange } from '../core/edit/types';
import { decisionRank } from '../core/policy';
import type { Decision } from '../core/types';
import { parseConfigYaml } from '../node/config-yaml';
import { nodeEnvironmentReader } from '../node/environment-reader';
import { gitopsContext } from '../node/gitops-pruners';
import { hostEnv } from '../node/hooks/paths';
import { version } from '../../package.json';
import { parseArgs, stringFlag } from './args';
import { EXIT, UsageError } from './io';

export interface ScanIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** The caller's environment (KUBECONFIG, AWS_PROFILE, HOME…); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** The caller's home; defaults to $HOME when absolute, else the account's. */
  home?: string;
}

const FORMATS = ['text', 'json', 'sarif'] as const;
const STRICTNESS = ['off', 'relaxed', 'balanced', 'strict', 'paranoid'] as const;
/** Empty tree: what a repository without commits is compared against. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
/** Files larger than this are read only up to it (the engine reports them as too large). */
const MAX_READ = 32 * 1024 * 1024;

export const SCAN_HELP = `Usage:
  blast-radius scan [--git [REV] | --staged | --diff FILE|-] [--format text|json|sarif]
                    [--strictness LEVEL] [--cwd DIR]

Judges file changes for what they would destroy: Terraform resources removed, migrations that
drop tables, policies that grant "*", tests skipped, guards switched off, secrets added, and the
commands written into scripts and pipelines. Commands in scripts, Makefiles and package.json run
here, so they are judged where they would act from this environment (KUBECONFIG, AWS_PROFILE, the
Terraform workspace selected in their folder): production raises them.

  --git [REV]       the working tree (tracked changes, deletions, untracked files) against REV
                    (default HEAD); this is the default mode
  --staged          the index against HEAD: what the next commit would record (pre-commit hook)
  --diff FILE|-     a unified diff from a file or standard input
  --format FORMAT   text (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --strictness LVL  off, relaxed, balanced, strict or paranoid, for this call only
  --cwd DIR         run as if started in DIR

Exit codes: 0 allow, 10 warn, 20 gate, 64 usage error, 70 internal error.
`;

export async function runScan(argv: string[], io: ScanIo): Promise<number> {
  try {
    return await scan(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`blast-radius scan: ${e.message}\n${SCAN_HELP.split('\n').slice(0, 3).join('\n')}\n`);
      return EXIT.usage;
    }
    io.stderr(`blast-radius scan: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.internal;
  }
}

interface Collected {
  changes: FileChange[];
  source: string;
  folderSizes?: Record<string, number>;
  partial?: boolean;
  root: string;
}

async function scan(argv: string[], io: ScanIo): Promise<number> {
  const parsed = parseArgs(
    argv,
    [
      { name: 'git' },
      { name: 'staged' },
      { name: 'diff', value: true },
      { name: 'format', value: true, choices: FORMATS },
      { name: 'strictness', value: true, choices: STRICTNESS },
      { name: 'cwd', value: true },
      { name: 'help', short: 'h' },
    ],
    'scan',
  );
  if (parsed.flags.has('help')) {
    io.stdout(SCAN_HELP);
    return EXIT.allow;
  }
  if (parsed.rest !== undefined) throw new UsageError('scan takes no arguments after --', 'scan');
  const modes = ['git', 'staged', 'diff'].filter((m) => parsed.flags.has(m));
  if (modes.length > 1) throw new UsageError(`choose one of --git, --staged and --diff (got ${modes.map((m) => `--${m}`).join(' and ')})`, 'scan');
  const mode = modes[0] ?? 'git';
  if (parsed.positionals.length > (mode === 'git' ? 1 : 0)) throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[mode === 'git' ? 1 : 0])}`, 'scan');
  const cwd = path.resolve(io.cwd, stringFlag(parsed, 'cwd') ?? '.');
  const format = (stringFlag(parsed, 'format') ?? 'text') as (typeof FORMATS)[number];

  let collected: Collected;
  if (mode === 'diff') collected = collectDiff(stringFlag(parsed, 'diff')!, cwd);
  else {
    const root = gitRoot(cwd);
    collected = mode === 'staged' ? collectStaged(root) : collectWorkingTree(root, parsed.positionals[0] ?? 'HEAD');
  }

  const { policy, warnings } = await loadPolicy(collected.root, stringFlag(parsed, 'strictness'));
  for (const w of warnings) io.stderr(`blast-radius: ${w}\n`);
  await loadGrammar(io);

  // Commands written into scripts, Makefile recipes and package.json scripts would act where the
  // caller's terminal does: the same environment reader as `check` and the editor (kubeconfig,
  // AWS profile, Terraform workspace), each judged in its own file's folder by the engine.
  const env = io.env ?? process.env;
  const ctx: EditContext = {
    workspace: collected.root,
    folderSizes: collected.folderSizes,
    partial: collected.partial,
    environment: nodeEnvironmentReader(env, { yaml: parseConfigYaml }),
    home: hostEnv({ env, home: io.home }).home,
    ...gitopsContext(collected.root),
  };
  const batch = evaluateBatch(collected.changes, { policy, ctx });
  const report = toReport(batch, policy.strictness, collected.source);
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'sarif') io.stdout(`${JSON.stringify(toSarif(report, { version, foreignRules: await commandRuleInfo() }), null, 2)}\n`);
  else io.stdout(toText(report, { color: false }));
  return exitFor(report.decision);
}

function exitFor(d: Decision): number {
  return decisionRank(d) === 2 ? EXIT.gate : decisionRank(d) === 1 ? EXIT.warn : EXIT.allow;
}

// ---------------------------------------------------------------------------------------------
// git

function git(root: string, args: string[], input?: string): Buffer {
  const r = spawnSync('git', args, { cwd: root, input, maxBuffer: 1024 * 1024 * 1024, windowsHide: true });
  if (r.error) throw new UsageError(`cannot run git: ${r.error.message}`, 'scan');
  if (r.status !== 0) throw new GitError(args, r.stderr.toString('utf8').trim());
  return r.stdout;
}

class GitError extends Error {
  constructor(args: string[], stderr: string) {
    super(`git ${args.join(' ')} failed: ${stderr.split('\n')[0]}`);
  }
}

function gitRoot(cwd: string): string {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(`${cwd} is not inside a git repository (use --diff to scan a patch)`, 'scan');
    throw e;
  }
}

function hasCommit(root: string, rev: string): boolean {
  return spawnSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: root, windowsHide: true }).status === 0;
}

interface NameStatus {
  status: string;
  path: string;
  oldPath?: string;
}

/** Parses `git diff --name-status -z` output. */
function nameStatus(buf: Buffer): NameStatus[] {
  const parts = buf.toString('utf8').split('\0');
  const out: NameStatus[] = [];
  for (let i = 0; i < parts.length - 1; ) {
    const status = parts[i++];
    if (!status) continue;
    if (status.startsWith('R') || status.startsWith('C')) {
      const oldPath = parts[i++];
      const p = parts[i++];
      out.push({ status: status[0], path: p, oldPath });
    } else out.push({ status: status[0], path: parts[i++] });
  }
  return out;
}

/** Reads many blobs with one `git cat-file --batch`. Missing objects come back undefined. */
function readBlobs(root: string, specs: string[]): (string | undefined)[] {
  if (!specs.length) return [];
  const usable = specs.map((s) => !s.includes('\n'));
  const buf = git(root, ['cat-file', '--batch'], specs.filter((_, i) => usable[i]).join('\n') + '\n');
  const out: (string | undefined)[] = [];
  let pos = 0;
  for (let i = 0; i < specs.length; i++) {
    if (!usable[i]) {
      out.push(undefined);
      continue;
    }
    const nl = buf.indexOf(10, pos);
    if (nl < 0) {
      out.push(undefined);
      continue;
    }
    const header = buf.toString('utf8', pos, nl);
    pos = nl + 1;
    const m = /^\S+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      out.push(undefined);
      continue;
    }
    const size = Number(m[2]);
    out.push(m[1] === 'blob' ? buf.toString('utf8', pos, pos + Math.min(size, MAX_READ)) : undefined);
    pos += size + 1;
  }
  return out;
}

function readWorkingFile(root: string, rel: string): string | undefined {
  const abs = path.join(root, rel);
  try {
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) return readlinkSync(abs);
    if (!st.isFile()) return undefined;
    const buf = readFileSync(abs);
    return buf.toString('utf8', 0, Math.min(buf.length, MAX_READ));
  } catch {
    return undefined;
  }
}

function folderSizes(root: string, rev: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  let names: string[];
  try {
    names = git(root, ['ls-tree', '-r', '--name-only', '-z', rev]).toString('utf8').split('\0').filter(Boolean);
  } catch {
    return sizes;
  }
  for (const n of names) {
    let d = n;
    for (let depth = 0; depth < 64; depth++) {
      const i = d.lastIndexOf('/');
      d = i < 0 ? '' : d.slice(0, i);
      sizes[d] = (sizes[d] ?? 0) + 1;
      if (!d) break;
    }
  }
  return sizes;
}

function collectWorkingTree(root: string, rev: string): Collected {
  const base = hasCommit(root, rev) ? rev : rev === 'HEAD' ? EMPTY_TREE : undefined;
  if (!base) throw new UsageError(`unknown revision ${JSON.stringify(rev)}`, 'scan');
  const entries = nameStatus(git(root, ['diff', '--name-status', '-z', '-M', '--no-ext-diff', base, '--']));
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z']).toString('utf8').split('\0').filter(Boolean);
  const befores = readBlobs(root, entries.map((e) => `${base}:${e.oldPath ?? e.path}`));
  const changes: FileChange[] = [];
  entries.forEach((e, i) => {
    const after = e.status === 'D' ? undefined : readWorkingFile(root, e.path);
    const before = e.status === 'A' ? undefined : befores[i];
    if (before === undefined && after === undefined) return;
    changes.push({ path: e.path, before, after, ...(e.oldPath ? { oldPath: e.oldPath } : {}) });
  });
  for (const p of untracked) {
    const after = readWorkingFile(root, p);
    if (after !== undefined) changes.push({ path: p, before: undefined, after });
  }
  return { changes, source: `git ${rev}`, folderSizes: base === EMPTY_TREE ? undefined : folderSizes(root, base), root };
}

function collectStaged(root: string): Collected {
  const base = hasCommit(root, 'HEAD') ? 'HEAD' : EMPTY_TREE;
  const entries = nameStatus(git(root, ['diff', '--cached', '--name-status', '-z', '-M', '--no-ext-diff', base, '--']));
  const befores = readBlobs(root, entries.map((e) => `${base}:${e.oldPath ?? e.path}`));
  const afters = readBlobs(root, entries.map((e) => `:0:${e.path}`));
  const changes: FileChange[] = [];
  entries.forEach((e, i) => {
    const before = e.status === 'A' ? undefined : befores[i];
    const after = e.status === 'D' ? undefined : afters[i];
    if (before === undefined && after === undefined) return;
    changes.push({ path: e.path, before, after, ...(e.oldPath ? { oldPath: e.oldPath } : {}) });
  });
  return { changes, source: 'staged', folderSizes: base === EMPTY_TREE ? undefined : folderSizes(root, base), root };
}

// ---------------------------------------------------------------------------------------------
// unified diff

function stripPrefix(name: string | undefined): string | undefined {
  if (!name || name === '/dev/null') return undefined;
  const n = name.replace(/\t.*$/, '');
  return /^[ab]\//.test(n) ? n.slice(2) : n;
}

function collectDiff(file: string, cwd: string): Collected {
  let text: string;
  try {
    text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file === '-' ? 'standard input' : file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'scan');
  }
  let patches: ReturnType<typeof parsePatch>;
  try {
    patches = parsePatch(text);
  } catch (e) {
    throw new UsageError(`not a unified diff: ${e instanceof Error ? e.message : String(e)}`, 'scan');
  }
  const changes: FileChange[] = [];
  for (const p of patches) {
    const oldName = stripPrefix(p.oldFileName);
    const newName = stripPrefix(p.newFileName);
    const added = p.isCreate === true || (oldName === undefined && newName !== undefined);
    const deleted = p.isDelete === true || (newName === undefined && oldName !== undefined);
    const name = newName ?? oldName;
    if (!name) continue;
    if (!p.hunks.length && !added && !deleted) continue;
    // Rebuild both texts with blank lines outside the hunks so that line numbers stay true.
    const before: string[] = [];
    const after: string[] = [];
    for (const h of p.hunks) {
      while (before.length < h.oldStart - 1) before.push('');
      while (after.length < h.newStart - 1) after.push('');
      for (const line of h.lines) {
        const tag = line[0];
        const body = line.slice(1);
        if (tag === ' ') {
          before.push(body);
          after.push(body);
        } else if (tag === '-') before.push(body);
        else if (tag === '+') after.push(body);
      }
    }
    changes.push({
      path: name,
      before: added ? undefined : before.join('\n') + (before.length ? '\n' : ''),
      after: deleted ? undefined : after.join('\n') + (after.length ? '\n' : ''),
      ...(p.isRename && oldName && oldName !== name ? { oldPath: oldName } : {}),
    });
  }
  let root = cwd;
  try {
    root = gitRoot(cwd);
  } catch {
    // A diff can be scanned outside any repository.
  }
  return { changes, source: `diff ${file === '-' ? 'stdin' : file}`, partial: true, root };
}

// ---------------------------------------------------------------------------------------------
// policy, grammar, metadata (loaded lazily, as the rest of the CLI does)

/* eslint-disable @typescript-eslint/no-require-imports */
async function loadPolicy(root: string, strictness: string | undefined): Promise<{ policy: import('../core/policy').Policy; warnings: string[] }> {
  const { loadEffectivePolicy } = require('../node/policy-files') as typeof import('../node/policy-files');
  const { policy, warnings } = loadEffectivePolicy({ cwd: root, workspaceRoot: root, strictnessFlag: strictness });
  return Promise.resolve({ policy, warnings });
}

async function loadGrammar(io: ScanIo): Promise<void> {
  try {
    const { loadShellGrammar } = require('../node/grammar-files') as typeof import('../node/grammar-files');
    await loadShellGrammar();
  } catch (e) {
    // Without the grammar, commands inside files are reported as unchecked rather than passed.
    io.stderr(`blast-radius: shell grammar unavailable (${e instanceof Error ? e.message : String(e)}); commands in files are not scored\n`);
  }
}

async function commandRuleInfo(): Promise<ForeignRuleInfo[]> {
  try {
    const { COMMAND_RULES } = require('../core/rules/index') as typeof import('../core/rules/index');
    return Promise.resolve(COMMAND_RULES.map((r) => ({ id: r.id, name: r.name, summary: r.summary, rationale: r.rationale, alternative: r.alternative, severity: r.severity })));
  } catch {
    return [];
  }
}

