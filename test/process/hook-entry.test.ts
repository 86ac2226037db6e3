/**
 * `dist/hook.js`, the entry the launchers run before every agent tool call: its answers with the
 * code cache (first run, cached runs, damaged cache, no usable cache folder) are byte for byte
 * those of `cli.js hook`, and when its engine bundle cannot be loaded the agent still gets "ask".
 * These runs answer in process (the warm hook server is off; hook-server.test.ts covers it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EDIT_RULES } from '../../src/core/edit/rules/index';
import { COMMAND_RULES } from '../../src/core/rules/index';
import { buildCliOnce } from '../helpers/build';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

describe('hook.js and its code cache', () => {
  let tmp = '';
  let ws = '';
  let home = '';
  let cacheDir = '';

  before(function () {
    this.timeout(120_000);
    buildCliOnce();
  });
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-hook-entry-'));
    ws = path.join(tmp, 'ws');
    home = path.join(tmp, 'home');
    cacheDir = path.join(home, '.cache', 'blast-radius');
    mkdirSync(path.join(ws, 'migrations'), { recursive: true });
    mkdirSync(home);
    writeFileSync(path.join(ws, 'migrations', '000_init.sql'), 'ALTER TABLE users ADD COLUMN name text;\n');
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const claude = (tool: string, input: Record<string, unknown>): string => JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input });
  /** One call of each kind: pre-filter, engine without and with the grammar, warn, file edit, unreadable. */
  const calls = (): { name: string; agent: string; input: string; args?: string[] }[] => [
    { name: 'everyday', agent: 'claude-code', input: claude('Bash', { command: 'git status' }) },
    { name: 'plain words, gate', agent: 'claude-code', input: claude('Bash', { command: 'terraform destroy -auto-approve' }) },
    { name: 'plain, quotes and a pipe', agent: 'codex', input: claude('Bash', { command: 'rm -rf "/" | cat' }) },
    { name: 'plain, $(…) and a heredoc', agent: 'claude-code', input: claude('Bash', { command: "git commit -m \"$(cat <<'EOF'\nFix the build\nEOF\n)\" && git push --force origin $(git branch --show-current)" }) },
    { name: 'needs the grammar', agent: 'claude-code', input: claude('Bash', { command: 'git push --force origin `git branch --show-current`' }) },
    { name: 'warn', agent: 'gemini-cli', input: JSON.stringify({ hook_event_name: 'BeforeTool', cwd: ws, tool_name: 'run_shell_command', tool_input: { command: 'eval "$X"' } }) },
    { name: 'file edit', agent: 'claude-code', input: claude('Edit', { file_path: path.join(ws, 'migrations', '000_init.sql'), old_string: 'text;', new_string: 'text;\nDROP TABLE users;' }) },
    { name: 'strict', agent: 'cursor', input: JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'kubectl delete namespace prod', cwd: ws }), args: ['--strictness', 'strict'] },
    { name: 'unreadable', agent: 'copilot-cli', input: 'not json' },
  ];

  function run(argv: string[], input: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, argv, { cwd: ws, input, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), BLAST_RADIUS_HOOK_SERVER: 'off', ...env } });
    if (r.error) throw r.error;
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  /** What the full CLI answers, the reference every hook.js run must equal. */
  function reference(c: ReturnType<typeof calls>[number]): { status: number | null; stdout: string } {
    const r = run([path.join(DIST, 'cli.js'), 'hook', c.agent, ...(c.args ?? [])], c.input);
    return { status: r.status, stdout: r.stdout };
  }

  const hookJs = (c: ReturnType<typeof calls>[number], env: NodeJS.ProcessEnv = {}, dist = DIST): { status: number | null; stdout: string } => {
    const r = run([path.join(dist, 'hook.js'), c.agent, ...(c.args ?? [])], c.input, env);
    return { status: r.status, stdout: r.stdout };
  };

  it('answers exactly as cli.js hook: without a cache, writing it, and from it', function () {
    this.timeout(60_000);
    for (const c of calls()) {
      const want = reference(c);
      assert.equal(want.status, 0, c.name);
      assert.deepEqual(hookJs(c, { BLAST_RADIUS_CODE_CACHE: 'off' }), want, `${c.name}: no cache`);
      assert.deepEqual(hookJs(c), want, `${c.name}: first run with the cache`);
      assert.deepEqual(hookJs(c), want, `${c.name}: from the cache`);
    }
    const files = readdirSync(cacheDir);
    assert.ok(files.some((f) => /^engine-[0-9a-f]{8}\.bin$/.test(f)), files.join(' '));
    assert.ok(files.some((f) => /^engine-core-[0-9a-f]{8}\.bin$/.test(f)), files.join(' '));
    assert.ok(files.some((f) => /^engine-more-[0-9a-f]{8}\.bin$/.test(f)), files.join(' '));
    // The Windows launchers pass `hook` first.
    const c = calls()[1];
    assert.deepEqual(run([path.join(DIST, 'hook.js'), 'hook', c.agent], c.input), run([path.join(DIST, 'hook.js'), c.agent], c.input));
  });

  it('an everyday call loads engine.js alone, which holds no rule; judged calls, followed lines and edits load the rest on demand', function () {
    this.timeout(60_000);
    // A package script the engine follows: `npm run clean` runs `rm -rf ~/`.
    writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ name: 'x', scripts: { clean: 'rm -rf ~/' } }));
    const [everyday, gate] = calls();
    const followed = { name: 'followed', agent: 'claude-code', input: claude('Bash', { command: 'npm run clean' }) };
    const edit = calls().find((c) => c.name === 'file edit')!;
    const want = new Map([everyday, gate, followed, edit].map((c) => [c.name, reference(c)]));
    // What the reference (cli.js) cached is not this test's business.
    rmSync(cacheDir, { recursive: true, force: true });
    // A bundle's code cache is written when, and only when, a call loaded it.
    const loaded = (): string[] => readdirSync(cacheDir).filter((f) => f.endsWith('.bin')).map((f) => f.replace(/-[0-9a-f]{8}\.bin$/, '.js')).sort();
    assert.deepEqual(hookJs(everyday), want.get(everyday.name));
    assert.equal(want.get(everyday.name)!.stdout, '');
    assert.deepEqual(loaded(), ['engine.js']);
    // No rule is in what it loaded (a rule's summary is a string literal the minifier keeps; see bundles.test.ts).
    const first = readFileSync(path.join(DIST, 'engine.js'), 'latin1');
    const mark = (summary: string): string => summary.split(/[^\x20-\x7e]|["'`\\]/).sort((x, y) => y.length - x.length)[0];
    const inFirst = [...COMMAND_RULES, ...EDIT_RULES].filter((r) => mark(r.summary).length >= 30 && first.includes(mark(r.summary))).map((r) => r.id);
    assert.deepEqual(inFirst, []);
    assert.deepEqual(hookJs(gate), want.get(gate.name));
    assert.match(want.get(gate.name)!.stdout, /"permissionDecision":"deny".*IAC001/);
    // terraform loads the Terraform rules' bundle, no other tool's rules.
    assert.deepEqual(loaded(), ['engine-core.js', 'engine-rules-iac.js', 'engine.js']);
    assert.deepEqual(hookJs(followed), want.get(followed.name));
    assert.match(want.get(followed.name)!.stdout, /"permissionDecision":"deny".*FS001/);
    assert.deepEqual(hookJs(edit), want.get(edit.name));
    assert.match(want.get(edit.name)!.stdout, /"permissionDecision":"deny".*SQL002/);
    // Following read package.json and parsed what it runs, and the edit engine parses: the parsers
    // are in engine-parsers.js, web-tree-sitter in engine-grammar.js.
    assert.deepEqual(loaded().filter((f) => !f.startsWith('engine-rules-')), ['engine-core.js', 'engine-grammar.js', 'engine-more.js', 'engine-parsers.js', 'engine.js']);
    // And an everyday call after them still loads engine.js alone.
    for (const f of readdirSync(cacheDir)) rmSync(path.join(cacheDir, f));
    assert.deepEqual(hookJs(everyday), want.get(everyday.name));
    assert.deepEqual(loaded(), ['engine.js']);
  });

  it('a gate-level call does not load node:crypto (the session record is named by SHA-256 without it)', function () {
    this.timeout(60_000);
    const [everyday, gate] = calls();
    // A preloaded script writes the Node modules the process loaded as it exits.
    const list = path.join(tmp, 'modules.txt');
    const report = path.join(tmp, 'modules-at-exit.js');
    writeFileSync(report, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')));\n`);
    const modules = (c: ReturnType<typeof calls>[number]): string[] => {
      const r = run(['-r', report, path.join(DIST, 'hook.js'), c.agent], c.input);
      assert.equal(r.status, 0, r.stderr);
      return readFileSync(list, 'utf8').split('\n').filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
    };
    assert.ok(!modules(everyday).includes('crypto'));
    const judged = modules(gate);
    // It did load the command engine (a Node module only the engine's path loads), and wrote the session's record.
    assert.ok(judged.includes('child_process'), judged.join(' '));
    assert.ok(!judged.includes('crypto'), 'node:crypto loaded');
    assert.equal(readdirSync(path.join(home, '.local', 'share', 'blast-radius', 'sessions')).length, 1);
  });

  it('cli.js loads the CLI through the same cache: the same output and exit code without it, writing it, from it, and damaged', function () {
    this.timeout(60_000);
    const lines = ['git status', 'docker system prune -af', 'for d in src lib; do rm -rf "$d"; done', 'terraform destroy'];
    const check = (line: string, env: NodeJS.ProcessEnv = {}): ReturnType<typeof run> => run([path.join(DIST, 'cli.js'), 'check', '--', line], '', env);
    const want = lines.map((l) => check(l, { BLAST_RADIUS_CODE_CACHE: 'off' }));
    // Allow (the pre-filter), and the engine's warn and gate (one with the shell grammar).
    assert.deepEqual(want.map((r) => r.status), [0, 10, 20, 20]);
    assert.deepEqual(lines.map((l) => check(l)), want, 'writing the cache');
    assert.deepEqual(lines.map((l) => check(l)), want, 'from the cache');
    const caches = readdirSync(cacheDir).filter((f) => /^engine-[0-9a-f]{8}\.bin$/.test(f));
    assert.equal(caches.length, 1, readdirSync(cacheDir).join(' '));
    const file = path.join(cacheDir, caches[0]);
    const b = readFileSync(file);
    for (let i = 64; i < b.length; i += 997) b[i] ^= 0x5a;
    writeFileSync(file, b);
    assert.deepEqual(lines.map((l) => check(l)), want, 'from a damaged cache');
    assert.ok(!readFileSync(file).equals(b), 'the damaged cache is replaced');
  });

  it('hook.js and cli.js share the engine\'s cache: once each has run, V8 takes it and nobody rewrites it', function () {
    this.timeout(60_000);
    const gate = calls()[1];
    const edit = calls().find((c) => c.name === 'file edit')!;
    const check = (): ReturnType<typeof run> => run([path.join(DIST, 'cli.js'), 'check', '--', 'rm -rf ~/'], '');
    // Each kind of run adds what it compiled: the hook, the edit path, the CLI.
    for (let i = 0; i < 2; i++) {
      hookJs(gate);
      hookJs(edit);
      assert.equal(check().status, 20);
    }
    const caches = (): Map<string, string> => new Map(readdirSync(cacheDir).map((f) => [f, `${statSync(path.join(cacheDir, f)).mtimeMs} ${readFileSync(path.join(cacheDir, f)).toString('base64')}`]));
    const settled = caches();
    assert.deepEqual([...settled.keys()].filter((f) => !f.startsWith('engine-rules-')).map((f) => f.replace(/[0-9a-f]{8}/, 'x')).sort(), ['engine-core-x.bin', 'engine-more-x.bin', 'engine-parsers-x.bin', 'engine-x.bin']);
    assert.ok([...settled.keys()].some((f) => /^engine-rules-iac-[0-9a-f]{8}\.bin$/.test(f)), [...settled.keys()].join(' '));
    // A cache V8 rejected would be written again (it records nothing as covered).
    hookJs(gate);
    hookJs(edit);
    assert.equal(check().status, 20);
    assert.deepEqual(caches(), settled);
  });

  it('a damaged cache changes no answer and is replaced', function () {
    this.timeout(60_000);
    for (const c of calls()) hookJs(c);
    for (const f of readdirSync(cacheDir)) {
      const file = path.join(cacheDir, f);
      const b = readFileSync(file);
      for (let i = 64; i < b.length; i += 997) b[i] ^= 0x5a;
      writeFileSync(file, b);
    }
    const damaged = new Map(readdirSync(cacheDir).map((f) => [f, readFileSync(path.join(cacheDir, f))]));
    for (const c of calls()) assert.deepEqual(hookJs(c), reference(c), c.name);
    // (The reference runs cli.js, which adds a cache of its own beside them.)
    for (const [f, b] of damaged) assert.ok(!readFileSync(path.join(cacheDir, f)).equals(b), `${f} rewritten`);
  });

  it('no usable cache folder (a file in its place, or a relative XDG_CACHE_HOME) changes no answer', function () {
    this.timeout(60_000);
    mkdirSync(path.dirname(cacheDir), { recursive: true });
    writeFileSync(cacheDir, 'not a folder');
    for (const c of calls()) {
      const want = reference(c);
      assert.deepEqual(hookJs(c), want, c.name);
      assert.deepEqual(hookJs(c, { XDG_CACHE_HOME: 'relative/cache' }), want, c.name);
    }
  });

  it('an engine bundle that is missing or broken: the agent\'s "ask" (Codex: deny) and the reason on stderr', () => {
    const dist = path.join(tmp, 'dist');
    mkdirSync(dist);
    copyFileSync(path.join(DIST, 'hook.js'), path.join(dist, 'hook.js'));
    const gate = calls()[1];
    const missing = run([path.join(dist, 'hook.js'), gate.agent], gate.input);
    assert.equal(missing.status, 0);
    const answer = JSON.parse(missing.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    assert.equal(answer.hookSpecificOutput.permissionDecision, 'ask');
    assert.match(answer.hookSpecificOutput.permissionDecisionReason, /^Blast Radius failed while checking this call \(.*engine\.js.*\)\. Check the call before approving it\.$/);
    assert.match(missing.stderr, /^blast-radius hook claude-code: internal error: /);
    writeFileSync(path.join(dist, 'engine.js'), 'throw new Error("broken bundle")');
    const everyday = calls()[0];
    const broken = run([path.join(dist, 'hook.js'), 'codex'], everyday.input);
    assert.equal(broken.status, 0);
    assert.match(broken.stdout, /^\{"hookSpecificOutput":\{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"Blast Radius failed while checking this call \(broken bundle\)/);
    // Without a known agent there is no format to answer in: a usage-style failure exit.
    assert.equal(run([path.join(dist, 'hook.js'), 'aider'], '{}').status, 70);
  });
});
