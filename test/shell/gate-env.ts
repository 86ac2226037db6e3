/**
 * A confirm gate installed in a temporary folder, as the extension installs it, with a fake
 * extension end: the real engine and a dialog whose answer the test chooses. Shared by the shell
 * tests and bench/gate-bench.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { answerForOutcome, type ConfirmChoice, immediateAnswer } from '../../src/core/gate/answer';
import type { GateRequest } from '../../src/core/gate/protocol';
import { GATE_ENV, type GatePaths } from '../../src/core/gate/scripts';
import { evaluateCommand } from '../../src/core/engine';
import { launcherScript } from '../../src/core/launcher-script';
import { triggerIndex } from '../../src/core/rules/index';
import { installGate, pathFolders } from '../../src/extension/gate-files';
import { type Decide, GateChannel, newGateToken } from '../../src/node/gate-channel';

export const REPO = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');

/** Builds dist/cli.js when it is missing (the CLI fallback runs it). */
export function ensureCli(): void {
  if (existsSync(CLI)) return;
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not build the CLI');
}

/**
 * The last-resort bound of one shell run: far above what any run here takes, even with every core
 * busy. A run still going then is killed, and its result says what it was waiting for.
 */
export const HANG_GUARD_MS = 120_000;

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Why the run was killed at the hang guard (it never exited); undefined when it exited by itself. */
  hung?: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Standard input: all of it at once, or (with `prompt`) one line per prompt, the way a person types:
   * line i once the shell has printed `prompt` i + 1 times, then end of input.
   */
  input?: string | string[];
  /** Text the shell prints once per prompt (in PS1 or from a precmd hook). */
  prompt?: string;
  timeoutMs?: number;
}

export type DialogAnswer = ConfirmChoice | 'allow-everything';

export class GateEnv {
  readonly root = mkdtempSync(path.join(os.tmpdir(), 'br-gate-'));
  readonly storage = path.join(this.root, 'globalStorage', 'blast-radius.blast-radius');
  readonly paths: GatePaths = { binDir: path.join(this.storage, 'bin'), gateDir: path.join(this.storage, 'gate'), bash: '/bin/bash' };
  /** Programs that come before the shims on PATH (a fake sudo). */
  readonly fakeBin = path.join(this.root, 'fakebin');
  readonly home = path.join(this.root, 'home');
  readonly xdg = path.join(this.root, 'xdg');
  readonly token = newGateToken();
  channel: GateChannel | undefined;
  port = 0;
  /** What the dialog answers for a gate-level command. */
  answer: DialogAnswer = 'dont-run';
  readonly requests: GateRequest[] = [];
  dialogs = 0;
  programs: string[] = [];

  async install(extraPrograms: readonly string[] = []): Promise<void> {
    for (const d of [this.fakeBin, this.home, this.xdg]) mkdirSync(d, { recursive: true });
    const result = await installGate({ index: triggerIndex(), paths: this.paths, searchFolders: pathFolders(process.env.PATH), extraPrograms });
    this.programs = result.programs;
    const launcher = launcherScript(process.platform, process.execPath, CLI);
    writeFileSync(path.join(this.paths.binDir, launcher.fileName), launcher.text, { mode: 0o755 });
    // sudo that just runs its arguments, found before the shims: what runs below it must still be held.
    writeFileSync(path.join(this.fakeBin, 'sudo'), '#!/bin/sh\nexec "$@"\n', { mode: 0o755 });
    chmodSync(path.join(this.fakeBin, 'sudo'), 0o755);
  }

  /** The fake extension end: the engine decides; gate-level commands get `answer` from the "dialog". */
  readonly decide: Decide = (req, ctx) => {
    this.requests.push(req);
    const result = evaluateCommand(req.line, { ctx: { cwd: req.cwd, workspaceRoot: req.cwd, home: this.home, tempDirs: [], shell: req.kind === 'zsh' ? 'zsh' : 'bash' } });
    if (this.answer === 'allow-everything') return { verdict: 'allow' };
    const now = immediateAnswer(result);
    if (now) return now;
    this.dialogs++;
    ctx.waiting();
    return answerForOutcome(result, this.answer, 120);
  };

  async listen(): Promise<void> {
    this.channel = new GateChannel({ token: this.token, decide: this.decide });
    this.port = await this.channel.listen();
  }

  /** A fresh workspace: a git repository with src/, lib/ and node_modules/. */
  workspace(name: string): string {
    const ws = path.join(this.root, 'ws', name);
    for (const d of ['src', 'lib', 'node_modules/pkg']) mkdirSync(path.join(ws, d), { recursive: true });
    writeFileSync(path.join(ws, 'src', 'index.ts'), 'export {};\n');
    writeFileSync(path.join(ws, 'lib', 'util.ts'), 'export {};\n');
    writeFileSync(path.join(ws, 'node_modules', 'pkg', 'index.js'), '\n');
    spawnSync('git', ['init', '-q'], { cwd: ws, env: { ...process.env, PATH: process.env.PATH } });
    return ws;
  }

  /** The environment of a guarded terminal; `channel: false` is a terminal whose editor is gone. */
  env(opts: { channel?: boolean; token?: string; port?: number } = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      PATH: [this.fakeBin, this.paths.binDir, process.env.PATH ?? '/usr/bin:/bin'].join(path.delimiter),
      HOME: this.home,
      XDG_CONFIG_HOME: this.xdg,
      LANG: 'C.UTF-8',
      TERM: 'dumb',
      [GATE_ENV.dir]: this.paths.gateDir,
    };
    if (opts.channel !== false) {
      env[GATE_ENV.port] = String(opts.port ?? this.port);
      env[GATE_ENV.token] = opts.token ?? this.token;
    }
    return env;
  }

  /** Runs a program with a guarded terminal's environment (never blocks the event loop: the fake end lives here). */
  run(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
    const started = Date.now();
    const timeoutMs = opts.timeoutMs ?? HANG_GUARD_MS;
    return new Promise((resolve) => {
      // A process group of its own, so a timeout ends the shims and ask.bash under it too.
      const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? this.env(), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      let stdout = '';
      let stderr = '';
      let hung: string | undefined;
      const input = opts.input;
      const lines = Array.isArray(input) ? [...input] : undefined;
      let typed = 0;
      /** Types the next line once the shell shows the prompt for it. */
      const typeAtPrompt = (): void => {
        if (!lines || !opts.prompt) return;
        while (typed < lines.length && stdout.split(opts.prompt).length - 1 > typed) child.stdin.write(lines[typed++]);
        if (typed === lines.length && !child.stdin.writableEnded) child.stdin.end();
      };
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString('utf8');
        typeAtPrompt();
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      child.stdin.on('error', () => undefined);
      const timer = setTimeout(() => {
        hung = lines && opts.prompt && typed < lines.length ? `prompt ${typed + 1} (${JSON.stringify(opts.prompt)}) never came, so ${JSON.stringify(lines[typed])} was never typed` : `${command} never exited`;
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }, timeoutMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, ms: Date.now() - started, ...(hung ? { hung: `killed after ${timeoutMs / 1000} s: ${hung}` } : {}) });
      });
      if (lines) {
        if (!opts.prompt) child.stdin.end(lines.join(''));
      } else child.stdin.end(input ?? '');
    });
  }

  /** `bash -c LINE` in a guarded terminal (the shell itself is not a shim: it is started by path). */
  sh(line: string, cwd: string, env?: NodeJS.ProcessEnv): Promise<RunResult> {
    return this.run('/bin/bash', ['-c', line], { cwd, env });
  }

  async close(): Promise<void> {
    await this.channel?.close();
    rmSync(this.root, { recursive: true, force: true });
  }
}
