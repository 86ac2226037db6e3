/**
 * The built `dist/cli.js` as users run it: exit codes, output, the edit path's bundle, large
 * piped output, a home inside the temp folder, and `check --jsonl` as a co-process. The same
 * commands in process are test/unit/cli.test.ts.
 */
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOOK_V8_FLAGS, streamV8Flags, v8FlagsFor } from '../../src/cli/hook-loader';
import { VERSION } from '../../src/cli/main';
import type { CommandResult } from '../../src/core/types';
import { buildCliOnce } from '../helpers/build';
import { OPAQUE, PATCH_LINES, writePatchTargets } from '../helpers/cli-fixtures';

const ROOT = path.resolve(__dirname, '..', '..');

/** Where the CLI runs: an empty folder with no policy files, made and removed around the suite. */
let SANDBOX = '';

/** The lines a child writes on stdout, one per call of next(); a line not there within 20 s fails with the child's stderr. */
function lineReader(child: ChildProcessWithoutNullStreams): { next: () => Promise<string>; stderr: () => string } {
  let buf = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    stderr: () => stderr,
    next: () =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const nl = buf.indexOf('\n');
          if (nl === -1) return;
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          child.stdout.off('data', onData);
          clearTimeout(timer);
          resolve(line);
        };
        const onData = (d: Buffer): void => {
          buf += d.toString('utf8');
          check();
        };
        const timer = setTimeout(() => reject(new Error(`no answer; stderr so far: ${stderr}`)), 20_000);
        child.stdout.on('data', onData);
        check();
      }),
  };
}

describe('cli', () => {
  before(() => {
    SANDBOX = mkdtempSync(path.join(os.tmpdir(), 'br-cli-'));
  });
  after(() => rmSync(SANDBOX, { recursive: true, force: true }));

  describe('cli: the built dist/cli.js', function () {
    this.timeout(120_000);
    const CLI = path.join(ROOT, 'dist', 'cli.js');

    before(() => {
      // The bundles are what users run: build the CLI ones here and fail loudly if that breaks.
      buildCliOnce();
      assert.ok(existsSync(CLI), 'dist/cli.js was not written');
    });

    const env = () => ({ ...process.env, XDG_CONFIG_HOME: path.join(SANDBOX, 'config'), NO_COLOR: '1', BLAST_RADIUS_STRICTNESS: '' });
    const run = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], { cwd: SANDBOX, env: env(), encoding: 'utf8', input });

    it('exits with the decision and prints the result', () => {
      assert.equal(run(['check', '--', 'git status']).status, 0);
      const warn = run(['check', '--format', 'json', '--', OPAQUE]);
      assert.equal(warn.status, 10);
      assert.equal((JSON.parse(warn.stdout) as CommandResult).decision, 'warn');
      assert.equal(run(['check', '--strictness', 'paranoid', '--', OPAQUE]).status, 20);
      const usage = run(['check', '--nope']);
      assert.equal(usage.status, 64);
      assert.equal(usage.stdout, '');
      assert.equal(usage.stderr.trimEnd().split('\n').length, 1);
      assert.equal(run(['--version']).stdout.trim(), VERSION);
    });

    it('a patch sent through the shell: judged by the edit path (loaded on demand), text and JSON', () => {
      writePatchTargets(SANDBOX);
      const json = run(['check', '--format', 'json', '--', PATCH_LINES.applyPatch]);
      assert.equal(json.status, 20, json.stderr);
      assert.equal((JSON.parse(json.stdout) as CommandResult).findings[0].ruleId, 'TF001');
      const text = run(['check', '--', PATCH_LINES.gitApply]);
      assert.equal(text.status, 20, text.stderr);
      assert.match(text.stdout, /TF001 high[\s\S]*infra\/main\.tf:\d+: aws_db_instance\.main: prevent_destroy removed/);
      assert.equal(run(['check', '--', PATCH_LINES.readme]).status, 0);
    });

    it('loads the PowerShell grammar for a line that needs it: PowerShell, pwsh -c, or PowerShell sent as bash', () => {
      // Read by the tokenizer alone, the condition's $env:CI is a program computed at run time (warn).
      assert.equal(run(['check', '--shell', 'pwsh', '--', 'if ($env:CI) { npm test }']).status, 0);
      const nested = run(['check', '--format', 'json', '--', 'pwsh -c "Write-Output \\"$(Remove-Item -Recurse -Force C:\\Users)\\""']);
      assert.equal(nested.status, 20, nested.stdout + nested.stderr);
      assert.ok((JSON.parse(nested.stdout) as CommandResult).findings.some((f) => f.ruleId === 'FS010'));
      // Sent as bash, a cmdlet pipeline: its filter block read as an expression, not a command (allow).
      assert.equal(run(['check', '--', 'Get-Process | Where-Object { $_.CPU -gt 100 } | Select-Object Name']).status, 0);
    });

    it('flushes all output before exiting, even when it is large and piped', () => {
      const r = run(['rules', '--format', 'json']);
      assert.equal(r.status, 0);
      assert.ok(Array.isArray(JSON.parse(r.stdout)));
      const big = execFileSync(process.execPath, [CLI, 'check', '--format', 'json', '--', `echo ${'a '.repeat(30000)}`], { env: env(), encoding: 'utf8', maxBuffer: 1 << 26 });
      assert.equal((JSON.parse(big) as CommandResult).decision, 'allow');
    });

    it('gates rm -rf ~ with HOME inside the temp folder exactly as with a normal home', () => {
      // CI images, containers and agent sandboxes set HOME=/tmp/u; TMPDIR may even hold it.
      const tmpHome = path.join(SANDBOX, 'u');
      const proj = path.join(SANDBOX, 'x', 'proj');
      mkdirSync(tmpHome, { recursive: true });
      mkdirSync(proj, { recursive: true });
      const judge = (home: string, extra: NodeJS.ProcessEnv, line: string): { status: number | null; result: CommandResult } => {
        const r = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '--', line], { cwd: proj, env: { ...env(), HOME: home, ...extra }, encoding: 'utf8' });
        assert.equal(r.stderr, '');
        return { status: r.status, result: JSON.parse(r.stdout) as CommandResult };
      };
      const lines = ['rm -rf ~', 'rm -rf $HOME', 'rm -rf ${HOME}', 'rm -rf ~/', 'rm -rf "$HOME"/', 'cd ~ && rm -rf *', 'bash -c "rm -rf ~/"', 'rm -rf ~/.ssh'];
      for (const tmpdir of [{}, { TMPDIR: SANDBOX }]) {
        for (const line of lines) {
          const normal = judge('/home/br-test-user', {}, line);
          const inTemp = judge(tmpHome, tmpdir, line);
          assert.equal(normal.status, 20, `${line}: ${JSON.stringify(normal.result)}`);
          assert.deepEqual(inTemp, normal, `${line} with HOME=${tmpHome} ${JSON.stringify(tmpdir)}`);
        }
        // Named by its path, the home (and the folder above it) are still the user's.
        for (const [line, rule] of [[`rm -rf ${tmpHome}`, /your home directory/], [`rm -rf ${tmpHome}/..`, /holds your home directory/]] as const) {
          const r = judge(tmpHome, tmpdir, line);
          assert.equal(r.status, 20, `${line}: ${JSON.stringify(r.result)}`);
          assert.equal(r.result.severity, 'critical');
          assert.match(r.result.findings[0]?.message ?? '', rule);
        }
        // The workspace's neighbours are the user's projects; a clone elsewhere in /tmp stays temp.
        assert.equal(judge(tmpHome, tmpdir, 'rm -rf ../other-project').status, 20);
        assert.equal(judge(tmpHome, tmpdir, `rm -rf ${path.join(os.tmpdir(), 'br-some-clone')}`).status, 0);
      }
    });

    it('works as a co-process: one answer per line as lines arrive', async () => {
      // Each line counts what it would delete when it is judged: a home of our own holds still between two lines.
      const home = mkdtempSync(path.join(SANDBOX, 'home-'));
      const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, 'check', '--jsonl'], { cwd: SANDBOX, env: { ...env(), HOME: home } });
      const answers = lineReader(child);
      const nextLine = (): Promise<string> => answers.next();
      try {
        child.stdin.write(`${JSON.stringify({ command: 'git status' })}\n`);
        assert.equal((JSON.parse(await nextLine()) as CommandResult).decision, 'allow');
        child.stdin.write(`${JSON.stringify({ command: OPAQUE })}\n`);
        assert.equal((JSON.parse(await nextLine()) as CommandResult).decision, 'warn');
        // A plain line is judged before the shell grammar is loaded, a line with backquotes
        // loads it, and the plain line then gets the same answer from the grammar's tree.
        const plain = `${JSON.stringify({ command: 'rm -rf ~/ "$(pwd)"' })}\n`;
        child.stdin.write(plain);
        const before = await nextLine();
        assert.equal((JSON.parse(before) as CommandResult).decision, 'gate');
        child.stdin.write(`${JSON.stringify({ command: 'rm -rf ~/ `pwd`' })}\n`);
        assert.equal((JSON.parse(await nextLine()) as CommandResult).decision, 'gate');
        child.stdin.write(plain);
        assert.equal(await nextLine(), before);
        child.stdin.write('{oops\n');
        assert.match(String((JSON.parse(await nextLine()) as { error: string }).error), /not valid JSON/);
        child.stdin.end();
        const code = await new Promise<number | null>((r) => child.on('close', r));
        assert.equal(code, 0);
      } finally {
        child.kill();
      }
    });

    it('a --jsonl co-process reads again for each line what the lines before may have changed: what a folder holds, the branch checked out', async () => {
      const repo = mkdtempSync(path.join(SANDBOX, 'stream-'));
      execFileSync('git', ['init', '-q', '-b', 'work'], { cwd: repo });
      mkdirSync(path.join(repo, 'notes'));
      for (let i = 0; i < 3; i++) writeFileSync(path.join(repo, 'notes', `f${i}.txt`), 'x\n');
      const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, 'check', '--jsonl'], { cwd: repo, env: env() });
      const answers = lineReader(child);
      const ask = async (command: string): Promise<string> => {
        child.stdin.write(`${JSON.stringify({ command })}\n`);
        return ((JSON.parse(await answers.next()) as CommandResult).findings ?? []).map((f) => f.message).join('\n');
      };
      try {
        assert.match(await ask('rm -rf notes'), /\b3 files\b/);
        assert.match(await ask('git push --force origin HEAD'), /the current branch \(work\)/);
        for (let i = 3; i < 40; i++) writeFileSync(path.join(repo, 'notes', `f${i}.txt`), 'x\n');
        execFileSync('git', ['symbolic-ref', 'HEAD', 'refs/heads/other'], { cwd: repo });
        assert.match(await ask('rm -rf notes'), /\b40 files\b/);
        assert.match(await ask('git push --force origin HEAD'), /the current branch \(other\)/);
        child.stdin.end();
        assert.equal(await new Promise<number | null>((r) => child.on('close', r)), 0);
        // The stream's V8 flags are ones this Node knows (V8 prints an error for any other).
        assert.equal(answers.stderr(), '');
      } finally {
        child.kill();
      }
    });

    it('a --jsonl co-process optimises later only where V8 has a budget flag: V8 11 (Node 20), not V8 12 and later', () => {
      assert.match(streamV8Flags('11.3.244.8-node.33'), /^--liftoff-only --wasm-lazy-compilation --interrupt-budget=540672$/);
      assert.equal(streamV8Flags('12.4.254.21-node.33'), HOOK_V8_FLAGS);
      assert.equal(streamV8Flags('13.6.233.10-node.27'), HOOK_V8_FLAGS);
      assert.equal(v8FlagsFor(['check', '--jsonl'], '11.3.244.8'), streamV8Flags('11.3.244.8'));
      assert.equal(v8FlagsFor(['check', 'rm -rf x'], '11.3.244.8'), HOOK_V8_FLAGS);
      assert.equal(v8FlagsFor(['hook', 'claude'], '11.3.244.8'), HOOK_V8_FLAGS);
    });

    it('a --jsonl co-process, like a one-shot check, never has V8 optimise the grammars (their lexers cost seconds of CPU to optimise, and the exit waits)', () => {
      // V8 reports every WebAssembly function it compiles, and with which compiler, on stdout.
      const lines = [
        ...Array.from({ length: 20 }, (_, i) => ({ command: `rm -rf "build/out-${i}" && echo \`date\` > log-${i}.txt` })),
        ...Array.from({ length: 5 }, (_, i) => ({ command: `Remove-Item -Recurse -Force C:\\Users; Write-Output ${i}`, shell: 'pwsh' })),
      ];
      const r = spawnSync(process.execPath, ['--trace-wasm-compilation-times', CLI, 'check', '--jsonl'], {
        cwd: SANDBOX,
        env: env(),
        encoding: 'utf8',
        input: lines.map((l) => JSON.stringify(l)).join('\n') + '\n',
      });
      assert.equal(r.status, 0, r.stderr);
      const out = r.stdout.split('\n');
      const answers = out.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as CommandResult);
      assert.equal(answers.length, lines.length);
      assert.equal(answers.at(-1)?.decision, 'gate');
      // Both grammars were compiled (so the trace is on), by the baseline compiler alone.
      assert.ok(out.some((l) => /^Compiled function .* using Liftoff/.test(l)), r.stdout.slice(0, 500));
      assert.deepEqual(
        out.filter((l) => /using TurboFan/.test(l)),
        [],
      );
    });
  });
});
