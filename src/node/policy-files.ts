/**
 * Reads the policy from disk: the user's file, then the repository's file (which may only
 * tighten), then the per-call flag, then the environment (which may only tighten). Shared by
 * the CLI, the hooks and the extension. A bad file never crashes a caller: it falls back to the
 * defaults and says so in a one-line warning.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ParseError } from 'jsonc-parser';
import { jsonc } from '../core/parsers/on-demand';
import { DEFAULT_POLICY, isStrictness, mergeTighten, normalizePolicy, type Policy, stricterOf } from '../core/policy';
import { STRICTNESS_LEVELS } from '../core/types';

/** The repository policy file, at the workspace root. */
export const REPO_POLICY_FILE = '.blast-radius.json';
/** The environment variable that can only make a call stricter. */
export const STRICTNESS_ENV = 'BLAST_RADIUS_STRICTNESS';

/** Where the user's policy lives: XDG on Unix-likes, %APPDATA% on Windows. */
export function userPolicyPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') {
    const appData = env.APPDATA && path.win32.isAbsolute(env.APPDATA) ? env.APPDATA : path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, 'blast-radius', 'policy.json');
  }
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const config = env.XDG_CONFIG_HOME && path.posix.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.posix.join(home, '.config');
  return path.posix.join(config, 'blast-radius', 'policy.json');
}

export interface PolicyFileRead {
  /** Parsed JSON, or undefined when the file is missing or unusable. */
  value?: unknown;
  /** Set when the file exists but cannot be used; the caller falls back to defaults. */
  error?: string;
  exists: boolean;
}

/** Reads a JSON-with-comments file. Missing is not an error; unreadable or broken is. */
export function readPolicyFile(file: string): PolicyFileRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { exists: false };
    return { exists: true, error: `cannot read (${code ?? String(e)})` };
  }
  const errors: ParseError[] = [];
  // The parser is loaded only when there is a policy file to read.
  const { parse, printParseErrorCode } = jsonc();
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const first = errors[0];
    const { line, column } = lineColumn(text, first.offset);
    return { exists: true, error: `not valid JSON: ${printParseErrorCode(first.error)} at line ${line}, column ${column}` };
  }
  return { exists: true, value };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export interface LoadPolicyOptions {
  cwd: string;
  /** The workspace root (git top-level); its `.blast-radius.json` may tighten the policy. */
  workspaceRoot?: string;
  env?: NodeJS.ProcessEnv;
  /** A per-call strictness (the CLI's `--strictness`): may tighten or loosen. */
  strictnessFlag?: string;
  /** Defaults to os.homedir() and process.platform; tests pass their own. */
  home?: string;
  platform?: NodeJS.Platform;
}

export interface EffectivePolicy {
  policy: Policy;
  /** One line each, ready for stderr or a log. */
  warnings: string[];
  /** The policy files that were read and used. */
  sources: string[];
}

export function loadEffectivePolicy(opts: LoadPolicyOptions): EffectivePolicy {
  const env = opts.env ?? process.env;
  const home = opts.home ?? os.homedir();
  const platform = opts.platform ?? process.platform;
  const warnings: string[] = [];
  const sources: string[] = [];

  let policy: Policy = { ...DEFAULT_POLICY, rules: {}, allow: [] };
  const userFile = userPolicyPath(env, platform, home);
  const user = readPolicyFile(userFile);
  if (user.error) warnings.push(`${userFile}: ${user.error}; using the default policy`);
  else if (user.exists) {
    const { policy: p, problems } = normalizePolicy(user.value);
    policy = p;
    sources.push(userFile);
    for (const pr of problems) warnings.push(`${userFile}: ${pr.path ? `${pr.path}: ` : ''}${pr.message}`);
  }

  const root = opts.workspaceRoot ?? opts.cwd;
  const repoFile = path.join(path.resolve(opts.cwd, root), REPO_POLICY_FILE);
  const repo = readPolicyFile(repoFile);
  if (repo.error) warnings.push(`${repoFile}: ${repo.error}; ignored`);
  else if (repo.exists) {
    const { policy: p, problems } = normalizePolicy(repo.value);
    for (const pr of problems) warnings.push(`${repoFile}: ${pr.path ? `${pr.path}: ` : ''}${pr.message}`);
    const merged = mergeTighten(policy, p);
    policy = merged.policy;
    sources.push(repoFile);
    if (merged.ignored.length) warnings.push(`${repoFile}: ignored (a repository policy can only tighten): ${merged.ignored.join('; ')}`);
  }

  if (opts.strictnessFlag !== undefined) {
    if (isStrictness(opts.strictnessFlag)) policy = { ...policy, strictness: opts.strictnessFlag };
    else warnings.push(`unknown strictness ${JSON.stringify(opts.strictnessFlag)}; expected one of ${STRICTNESS_LEVELS.join(', ')}`);
  }

  const fromEnv = env[STRICTNESS_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (isStrictness(fromEnv)) policy = { ...policy, strictness: stricterOf(policy.strictness, fromEnv) };
    else warnings.push(`${STRICTNESS_ENV}=${JSON.stringify(fromEnv)} is not a strictness level; ignored`);
  }

  return { policy, warnings, sources };
}
