/**
 * The confirm gate in real shells: the shims and hooks the extension writes, a guarded terminal's
 * environment, and a fake extension end (the real engine; the "dialog" answers as the test says).
 * Runs as whoever runs the tests (root here), so every destructive command targets a scratch folder.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { rcLine } from '../../src/core/gate/rc-file';
import { MAX_LINE_BYTES } from '../../src/core/gate/protocol';
import { ensureCli, GateEnv, HANG_GUARD_MS, type RunResult } from './gate-env';

const REFUSED = 126;
/** What the zsh tests' precmd prints before each prompt. */
const ZSH_PROMPT = '[br-test: zsh prompt]';

function hasZsh(): boolean {
  return spawnSync('zsh', ['--version']).status === 0;
}

function hasScript(): boolean {
  return spawnSync('script', ['--version']).status === 0;
}

function show(r: RunResult): string {
  return `${r.hung ?? `exit ${r.code}`}\nstdout: ${r.stdout.slice(0, 800)}\nstderr: ${r.stderr.slice(0, 1500)}`;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const squatters: net.Server[] = [];

/** Something else listening on the port, answering "allow" to everything (it cannot know the proof). */
async function squatter(): Promise<number> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.end('allow\nallow 00000000000000000000000000000000\n'));
  });
  squatters.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as net.AddressInfo).port;
}

describe('confirm gate in real shells', function () {
  // Above the hang guard of each shell run, so a hung run fails with what it was waiting for.
  this.timeout(3 * HANG_GUARD_MS);
  const gate = new GateEnv();
  let n = 0;
  const ws = (): string => gate.workspace(`w${n++}`);

  /** A program the rules name that is not installed here: its shim shows the missing-program path. */
  const missing = ['pulumi', 'tofu', 'terragrunt', 'flyway', 'liquibase', 'cdktf', 's5cmd', 'azcopy', 'dropdb'].find((p) => spawnSync('sh', ['-c', `command -v ${p}`]).status !== 0);

  before(async () => {
    ensureCli();
    await gate.install(missing ? [missing] : []);
    await gate.listen();
  });
  after(async () => {
    for (const s of squatters) s.close();
    await gate.close();
  });
  beforeEach(() => {
    gate.answer = 'dont-run';
    gate.requests.length = 0;
  });

  describe("the shims, with the extension answering Don't run", () => {
    const stopped: [string, string][] = [
      ['rm -rf ./src', 'the command itself'],
      ['sudo rm -rf src', 'under sudo (a fake sudo before the shims on PATH)'],
      ["/bin/bash -c 'rm -rf src'", 'inside bash -c'],
      ['find src -delete', 'find -delete'],
      ['echo src | xargs rm -rf', 'xargs rm'],
      ['printf "#!/bin/sh\\nrm -rf src\\n" > do.sh && chmod +x do.sh && ./do.sh', 'a script that runs rm'],
      ['make -f /dev/stdin <<< $\'all:\\n\\trm -rf src\' 2>/dev/null || rm -rf src', 'a Makefile (or rm when make is missing)'],
    ];
    for (const [line, what] of stopped) {
      it(`stops ${what} before src is touched: ${line}`, async () => {
        const dir = ws();
        const r = await gate.sh(line, dir);
        assert.ok(existsSync(path.join(dir, 'src', 'index.ts')), `src was touched\n${show(r)}`);
        assert.notEqual(r.code, 0, show(r));
        assert.match(r.stderr, /blast-radius: not run: .*FS00\d .*Safer: .*You answered Don't run/, show(r));
      });
    }

    it('the refused command exits 126 with one line saying why', async () => {
      const dir = ws();
      const r = await gate.sh('rm -rf src', dir);
      assert.equal(r.code, REFUSED, show(r));
      const reason = r.stderr.split('\n').filter((l) => l.startsWith('blast-radius: not run'));
      assert.equal(reason.length, 1, show(r));
      assert.match(reason[0], /^blast-radius: not run: "rm -rf src" — FS001 \(high, score \d+\): Deletes src .+ Safer: .+/);
    });

    for (const line of ['git status', 'ls', 'rm -rf node_modules']) {
      it(`runs ${line} untouched`, async () => {
        const dir = ws();
        const r = await gate.sh(line, dir);
        assert.equal(r.code, 0, show(r));
        assert.equal(r.stderr.includes('blast-radius'), false, show(r));
        assert.ok(existsSync(path.join(dir, 'src', 'index.ts')));
      });
    }

    it('git status never reaches the extension (pure sh), rm always asks', async () => {
      const dir = ws();
      await gate.sh('git status; git log -1 2>/dev/null; git diff', dir);
      assert.equal(gate.requests.length, 0);
      await gate.sh('rm -rf node_modules', dir);
      assert.deepEqual(gate.requests.map((r) => [r.kind, r.line, r.cwd]), [['shim', 'rm -rf node_modules', dir]]);
      assert.equal(existsSync(path.join(dir, 'node_modules')), false);
    });

    it('Run once lets the command run', async () => {
      gate.answer = 'run-once';
      const dir = ws();
      const r = await gate.sh('rm -rf src', dir);
      assert.equal(r.code, 0, show(r));
      assert.equal(existsSync(path.join(dir, 'src')), false);
      assert.match(r.stderr, /waiting for a confirmation in the editor/);
    });

    it('an absolute path is a bypass without the shell hook (documented)', async () => {
      const dir = ws();
      const r = await gate.sh('/bin/rm -rf src', dir);
      assert.equal(r.code, 0, show(r));
      assert.equal(existsSync(path.join(dir, 'src')), false);
    });

    it('quotes words the same way the TypeScript side does', async () => {
      const dir = ws();
      gate.answer = 'run-once';
      await gate.sh(`rm -rf "it's here" '' 'a b' -- x`, dir);
      assert.equal(gate.requests.at(-1)?.line, `rm -rf 'it'\\''s here' '' 'a b' -- x`);
    });
  });

  describe('bad input', () => {
    it('a shim with no arguments behaves as the program does, at once', async () => {
      const dir = ws();
      const rm = await gate.sh('rm', dir);
      assert.equal(rm.code, 1, show(rm));
      assert.match(rm.stderr, /rm: missing operand/);
      const git = await gate.sh('git >/dev/null', dir);
      assert.equal(git.code, 1, show(git));
    });

    it('a missing real program is a clear error, exit 127, and asks nobody', async function () {
      if (!missing || !gate.programs.includes(missing)) return this.skip();
      const dir = ws();
      const r = await gate.sh(`${missing} destroy --yes`, dir);
      assert.equal(r.code, 127, show(r));
      assert.match(r.stderr, new RegExp(`${missing}: command not found \\(the Blast Radius shim in .+ found no other ${missing} on PATH\\)`));
      assert.deepEqual(gate.requests, []);
    });

    it('a command line over the limit is refused, not run and not hung', async () => {
      const dir = ws();
      // About 1 MB of arguments (each one short enough for the kernel).
      const r = await gate.sh(`set -- $(seq -f 'file%07g' 1 75000); rm -f "$@"`, dir);
      assert.equal(r.code, REFUSED, show(r));
      assert.match(r.stderr, new RegExp(`not run: the command line is (\\d+ bytes, )?longer than the ${MAX_LINE_BYTES} bytes`));
    });

    it('30 risky and 30 benign invocations at once: every risky one refused, every benign one run', async () => {
      const dir = ws();
      const jobs = Array.from({ length: 60 }, (_, i) => (i % 2 ? gate.sh(`rm -rf src/d${i}`, dir) : gate.sh(`mkdir -p node_modules/m${i} && rm -rf node_modules/m${i}`, dir)));
      const results = await Promise.all(jobs);
      results.forEach((r, i) => assert.equal(r.code, i % 2 ? REFUSED : 0, `${i}: ${show(r)}`));
      assert.ok(existsSync(path.join(dir, 'src', 'index.ts')));
    });
  });

  describe('with no editor to ask (the CLI decides)', () => {
    const unreachable: [string, () => Promise<NodeJS.ProcessEnv>][] = [
      ['no channel variables', () => Promise.resolve(gate.env({ channel: false }))],
      ['nothing listening on the port', async () => gate.env({ port: await closedPort() })],
      ['a token of another window', () => Promise.resolve(gate.env({ token: '0f'.repeat(32) }))],
      ['a squatter on the port that answers allow without the proof', async () => gate.env({ port: await squatter() })],
    ];
    for (const [what, env] of unreachable) {
      it(`${what}: a gate-level command is refused (no one is there to confirm it), a benign one runs`, async () => {
        const dir = ws();
        const e = await env();
        const risky = await gate.sh('rm -rf src', dir, e);
        assert.equal(risky.code, REFUSED, show(risky));
        assert.match(risky.stderr, /not run: "rm -rf src" — FS001 \(high\): .+ no one is there to confirm it/, show(risky));
        assert.ok(existsSync(path.join(dir, 'src', 'index.ts')));
        const benign = await gate.sh('rm -rf node_modules && ls', dir, e);
        assert.equal(benign.code, 0, show(benign));
        assert.equal(existsSync(path.join(dir, 'node_modules')), false);
        assert.deepEqual(gate.requests.filter((r) => r.cwd === dir), []);
      });
    }
  });

  describe('the opt-in whole-line hook', () => {
    before(() => {
      writeFileSync(path.join(gate.home, '.bashrc'), `PS1='$ '\n${rcLine('bash')}\n`);
      // A line before each prompt (from precmd, so a redrawn prompt does not count twice) tells the
      // test when zsh is ready for the next line.
      writeFileSync(path.join(gate.home, '.zshrc'), `PS1='%% '\n__br_test_prompt() { print -r -- '${ZSH_PROMPT}'; }\nprecmd_functions+=(__br_test_prompt)\n${rcLine('zsh')}\n`);
    });

    /** An interactive bash reading the lines from a pipe (PS0, PROMPT_COMMAND and traps work as in a terminal). */
    function bash(dir: string, lines: string[], env = gate.env()): Promise<RunResult> {
      return gate.run('/bin/bash', ['-i'], { cwd: dir, env: { ...env, HISTFILE: '/dev/null' }, input: `${lines.join('\n')}\nexit\n` });
    }

    it('bash: /bin/rm -rf src is stopped; what follows on the line does not run', async () => {
      const dir = ws();
      const r = await bash(dir, ['echo before', '/bin/rm -rf src; echo AFTER', 'echo next']);
      assert.ok(existsSync(path.join(dir, 'src', 'index.ts')), show(r));
      assert.match(r.stderr, /blast-radius: not run: "\/bin\/rm -rf src; echo AFTER" — FS001/);
      assert.match(r.stdout, /before/);
      assert.doesNotMatch(r.stdout, /AFTER/);
      assert.match(r.stdout, /next/);
      assert.ok(gate.requests.some((q) => q.kind === 'bash' && q.line === '/bin/rm -rf src; echo AFTER'));
    });

    it('bash: inside a function, eval and a line kept out of history, /bin/rm is still stopped', async () => {
      const dir = ws();
      const r = await bash(dir, ['f() { /bin/rm -rf src; echo IN-F; }', 'f', 'eval "/bin/rm -rf src"', ' /bin/rm -rf src', 'X=/bin/rm; $X -rf src'], { ...gate.env(), HISTCONTROL: 'ignoreboth' });
      assert.ok(existsSync(path.join(dir, 'src', 'index.ts')), show(r));
      assert.doesNotMatch(r.stdout, /IN-F/);
    });

    it('bash: $_ and $? pass through the hook unchanged', async () => {
      const dir = ws();
      const r = await bash(dir, ['echo a b >/dev/null; echo "[$_]"', 'false', 'echo "rc=$?"', 'f() { return 3; }; f; echo "f=$?"']);
      assert.match(r.stdout, /\[b\]/, show(r));
      assert.match(r.stdout, /rc=1/);
      assert.match(r.stdout, /f=3/);
    });

    it('bash: Run once runs the line; benign lines never ask', async () => {
      gate.answer = 'run-once';
      const dir = ws();
      const r = await bash(dir, ['ls >/dev/null', 'git status >/dev/null', '/bin/rm -rf src && echo GONE']);
      assert.match(r.stdout, /GONE/, show(r));
      assert.equal(existsSync(path.join(dir, 'src')), false);
      assert.deepEqual(gate.requests.map((q) => q.line), ['/bin/rm -rf src && echo GONE']);
    });

    it('bash: with no editor to ask, the line is refused by the CLI; benign lines run', async () => {
      const dir = ws();
      const r = await bash(dir, ['/bin/rm -rf src', 'echo STILL-HERE'], gate.env({ channel: false }));
      assert.ok(existsSync(path.join(dir, 'src', 'index.ts')), show(r));
      assert.match(r.stderr, /no one is there to confirm it/);
      assert.match(r.stdout, /STILL-HERE/);
    });

    it("bash: VS Code's shell integration still reports every command start and end; a refused line ends with 126 and its reason in the output", async function () {
      const script = path.join(__dirname, '..', '..', '.cache', 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'vs', 'workbench', 'contrib', 'terminal', 'common', 'scripts', 'shellIntegration-bash.sh');
      // npm test installs code-server (test:integration) before this suite, so in CI the script is there.
      if (process.env.CI) assert.ok(existsSync(script) && hasScript(), `needs ${script} and util-linux script(1)`);
      else if (!existsSync(script) || !hasScript()) return this.skip();
      const dir = ws();
      const env = { ...gate.env(), VSCODE_INJECTION: '1', VSCODE_NONCE: 'nonce', HISTFILE: '/dev/null', TERM: 'xterm' };
      const r = await gate.run('script', ['-qfec', `/bin/bash --init-file ${script}`, '/dev/null'], {
        cwd: dir,
        env,
        input: ['echo hello\r', '/bin/rm -rf src; echo AFTER\r', 'f() { echo in-f; }; f\r', 'exit\r'],
        // Each line is typed at a prompt: VS Code's script marks the start of every prompt.
        prompt: '\u001b]633;A\u0007',
      });
      const out = r.stdout;
      assert.equal(r.hung, undefined, show(r));
      const osc = (s: string): string => `\u001b]633;${s}\u0007`;
      assert.ok(out.includes(`${osc('E;echo hello;nonce')}${osc('C')}`), JSON.stringify(out));
      assert.ok(out.includes(`${osc('E;f() { echo in-f\\x3b }\\x3b f;nonce')}${osc('C')}`), JSON.stringify(out));
      assert.ok(out.includes(osc('D;0')));
      // The refused line is reported as a command that started, printed why and ended with 126:
      // an agent reading the command's output through shell integration gets the reason.
      const refused = out.slice(out.indexOf(osc('E;/bin/rm -rf src\\x3b echo AFTER;nonce')));
      assert.ok(refused.startsWith(`${osc('E;/bin/rm -rf src\\x3b echo AFTER;nonce')}${osc('C')}blast-radius: not run: "/bin/rm -rf src; echo AFTER" — FS001`), JSON.stringify(out));
      assert.ok(refused.indexOf(osc('D;126')) > 0, JSON.stringify(refused));
      assert.ok(refused.indexOf(osc('D;126')) < refused.indexOf('in-f'));
      assert.ok(existsSync(path.join(dir, 'src', 'index.ts')));
    });

    it('zsh: /bin/rm -rf src is stopped at Enter; the line stays in history and is not run', async function () {
      if (!hasZsh() || !hasScript()) return this.skip();
      const dir = ws();
      const env = { ...gate.env(), ZDOTDIR: gate.home, TERM: 'xterm' };
      const r = await gate.run('script', ['-qfec', 'zsh -i', '/dev/null'], { cwd: dir, env, input: ['echo hello\r', '/bin/rm -rf src; echo AFTER\r', 'echo next\r', 'exit\r'], prompt: ZSH_PROMPT });
      assert.equal(r.hung, undefined, show(r));
      assert.ok(existsSync(path.join(dir, 'src', 'index.ts')), show(r));
      assert.match(r.stdout, /blast-radius: not run: "\/bin\/rm -rf src; echo AFTER"/);
      assert.doesNotMatch(r.stdout.replace(/\/bin\/rm -rf src; echo AFTER/g, ''), /AFTER/);
      assert.ok(gate.requests.some((q) => q.kind === 'zsh' && q.line === '/bin/rm -rf src; echo AFTER'));
    });
  });
});
