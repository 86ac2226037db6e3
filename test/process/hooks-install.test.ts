/**
 * `blast-radius hooks install|uninstall|status` through the real CLI, on temporary homes with
 * settings files that already have comments and other hooks: only our entry changes, a second
 * install writes nothing, uninstalling restores the original bytes, and the launcher runs hooks
 * on a machine without `node` on PATH.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseJsonc } from 'jsonc-parser';
import { launcherText } from '../../src/node/hooks/launcher';
import { buildCliOnce } from '../helpers/build';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

const CLAUDE_SETTINGS = `{
  // Personal settings: keep this comment.
  "model": "opus",
  "permissions": {
    "allow": ["Bash(npm test)"] // tests are fine
  },
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [{ "type": "command", "command": "~/bin/audit.sh" }]
      }
    ],
    /* formatting after writes */
    "PostToolUse": [{ "matcher": "Write", "hooks": [{ "type": "command", "command": "prettier --write" }] }]
  }
}
`;

const GEMINI_SETTINGS = `{
  // Gemini CLI settings
  "theme": "GitHub",
  "hooks": {
    "BeforeTool": [
      { "matcher": "write_file", "hooks": [{ "name": "lint", "type": "command", "command": "./lint.sh" }] }
    ]
  },
  "general": { "vimMode": true }
}
`;

const CURSOR_HOOKS = '{\n\t"version": 1,\n\t"hooks": {\n\t\t"beforeShellExecution": [\n\t\t\t{ "command": "./hooks/audit.sh" }\n\t\t],\n\t\t"afterFileEdit": [{ "command": "./hooks/format.sh" }]\n\t}\n}\n';

const CODEX_CONFIG = `# Codex configuration
model = "gpt-5.1-codex"
approval_policy = "on-request"

[[hooks.PreToolUse]]
matcher = "Bash"

[[hooks.PreToolUse.hooks]]
type = "command"
command = "~/bin/log-command.sh"

[profiles.fast]
model = "gpt-5.1-codex-mini" # the quick one
`;

const WINDSURF_HOOKS = `{
  // Cascade hooks of the user's own.
  "hooks": {
    "pre_run_command": [
      { "command": "python3 ~/hooks/audit.sh", "show_output": false }
    ]
  }
}
`;

interface Case {
  agent: string;
  /** Path of the settings file, relative to HOME. */
  file: string;
  /** Its content before install, or undefined for none. */
  before?: string;
  /** Lines of ours expected somewhere in the file after install. */
  ours: RegExp;
}

const CASES: Case[] = [
  { agent: 'claude-code', file: '.claude/settings.json', before: CLAUDE_SETTINGS, ours: /"command": "'[^']+\/blast-radius' hook claude-code"/ },
  { agent: 'gemini-cli', file: '.gemini/settings.json', before: GEMINI_SETTINGS, ours: /"command": "'[^']+\/blast-radius' hook gemini-cli"/ },
  { agent: 'cursor', file: '.cursor/hooks.json', before: CURSOR_HOOKS, ours: /"command": "'[^']+\/blast-radius' hook cursor"/ },
  { agent: 'codex', file: '.codex/config.toml', before: CODEX_CONFIG, ours: /^hooks = \[\{ type = "command", command = "'[^']+\/blast-radius' hook codex", timeout = 30 \}\] # <<< blast-radius$/m },
  { agent: 'copilot-cli', file: '.copilot/hooks/blast-radius.json', ours: /"bash": "'[^']+\/blast-radius' hook copilot-cli"/ },
  { agent: 'claude-code', file: '.claude/settings.json', ours: /hook claude-code/ },
  { agent: 'cursor', file: '.cursor/hooks.json', ours: /hook cursor/ },
  { agent: 'cline', file: 'Documents/Cline/Hooks/PreToolUse', ours: /^exec '[^']+\/blast-radius' hook cline$/m },
  { agent: 'opencode', file: '.config/opencode/plugins/blast-radius.js', ours: /^const LAUNCHER = "[^"]+\/blast-radius";$/m },
  { agent: 'windsurf', file: '.codeium/windsurf/hooks.json', before: WINDSURF_HOOKS, ours: /"command": "'[^']+\/blast-radius' hook windsurf"/ },
  { agent: 'windsurf', file: '.codeium/windsurf/hooks.json', ours: /hook windsurf/ },
];

/** The part of `before` that install replaced: must be nothing but whitespace and commas. */
function replacedRegion(before: string, after: string): { removed: string; inserted: string } {
  let i = 0;
  while (i < before.length && i < after.length && before[i] === after[i]) i++;
  let j = 0;
  while (j < before.length - i && j < after.length - i && before[before.length - 1 - j] === after[after.length - 1 - j]) j++;
  return { removed: before.slice(i, before.length - j), inserted: after.slice(i, after.length - j) };
}

describe('hooks install/uninstall/status through the real CLI', () => {
  let tmp = '';
  let home = '';
  let env: NodeJS.ProcessEnv = {};

  before(function () {
    this.timeout(120_000);
    buildCliOnce();
  });
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-hooks-'));
    home = path.join(tmp, 'home');
    mkdirSync(home);
    env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share') };
  });
  // A hook run here may leave its warm server writing in HOME for a moment after it answers.
  afterEach(() => rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }));

  const cli = (args: string[], cwd = tmp) => {
    const r = spawnSync(process.execPath, [CLI, 'hooks', ...args], { cwd, env, encoding: 'utf8' });
    if (r.error) throw r.error;
    return r;
  };
  const launcher = () => path.join(home, '.local', 'share', 'blast-radius', 'bin', 'blast-radius');

  for (const c of CASES) {
    it(`${c.agent}: ${c.before ? 'an existing file with comments and other hooks' : 'no file yet'} — only our entry added, idempotent, uninstall restores the bytes`, () => {
      const file = path.join(home, c.file);
      if (c.before !== undefined) {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, c.before);
      }
      const r1 = cli(['install', c.agent]);
      assert.equal(r1.status, 0, r1.stderr);
      const after = readFileSync(file, 'utf8');
      assert.match(after, c.ours);
      if (c.before !== undefined) {
        const { removed, inserted } = replacedRegion(c.before, after);
        assert.match(removed, /^[\s,]*$/, `install changed the user's text: ${JSON.stringify(removed)}`);
        assert.match(inserted, /blast-radius/);
        // Every comment survives.
        for (const line of c.before.split('\n').filter((l) => /\/\/|\/\*|#/.test(l))) assert.ok(after.includes(line.trim()), `lost: ${line}`);
        assert.equal(readFileSync(`${file}.blast-radius.bak`, 'utf8'), c.before, 'backup holds the original');
        if (!file.endsWith('.toml')) {
          // Semantically: the user's entries are all still there.
          const parsed = parseJsonc(after) as Record<string, unknown>;
          assert.ok(JSON.stringify(parsed).includes('audit.sh') || JSON.stringify(parsed).includes('lint.sh'));
        }
      } else {
        assert.ok(!existsSync(`${file}.blast-radius.bak`), 'nothing to back up');
      }

      const r2 = cli(['install', c.agent]);
      assert.equal(r2.status, 0, r2.stderr);
      assert.match(r2.stdout, /already installed/);
      assert.equal(readFileSync(file, 'utf8'), after, 'second install is byte-identical');

      const st = cli(['status', '--format', 'json']);
      assert.equal(st.status, 0, st.stderr);
      const rows = (JSON.parse(st.stdout) as { agents: { agent: string; scope: string; installed: boolean }[] }).agents;
      assert.ok(rows.find((r) => r.agent === c.agent && r.scope === 'user')?.installed, 'status shows it');

      const r3 = cli(['uninstall', c.agent]);
      assert.equal(r3.status, 0, r3.stderr);
      if (c.before !== undefined) {
        assert.equal(readFileSync(file, 'utf8'), c.before, 'uninstall restores the original bytes');
        assert.ok(!existsSync(`${file}.blast-radius.bak`), 'backup removed once restored');
      } else {
        assert.ok(!existsSync(file), 'a file we created is deleted');
      }
    });
  }

  it('cursor: our hook goes first (some Cursor versions run only the first)', () => {
    const file = path.join(home, '.cursor', 'hooks.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, CURSOR_HOOKS);
    assert.equal(cli(['install', 'cursor']).status, 0);
    const hooks = (parseJsonc(readFileSync(file, 'utf8')) as { hooks: { beforeShellExecution: { command: string }[] } }).hooks.beforeShellExecution;
    assert.match(hooks[0].command, /hook cursor$/);
    assert.equal(hooks[1].command, './hooks/audit.sh');
  });

  it('cline: the PreToolUse script is executable, and run as Cline runs it (through its shebang) it cancels a gate-level call with the reason', () => {
    assert.equal(cli(['install', 'cline']).status, 0);
    const file = path.join(home, 'Documents', 'Cline', 'Hooks', 'PreToolUse');
    assert.equal(statSync(file).mode & 0o777, 0o755);
    const payload = (command: string) =>
      JSON.stringify({ clineVersion: '3.0.65', hookName: 'tool_call', taskId: 't', workspaceRoots: [tmp], userId: 'u', tool_call: { id: 'c', name: 'run_commands', input: { commands: [command] } }, preToolUse: { toolName: 'run_commands', parameters: { commands: JSON.stringify([command]) } } });
    const run = (command: string) => spawnSync(file, [], { cwd: tmp, input: payload(command), env: { ...env, BLAST_RADIUS_HOOK_SERVER: 'off' }, encoding: 'utf8' });
    const gate = run('terraform destroy -auto-approve');
    assert.equal(gate.status, 0, gate.stderr);
    const answer = JSON.parse(gate.stdout) as { cancel: boolean; errorMessage: string };
    assert.equal(answer.cancel, true);
    assert.match(answer.errorMessage, /Blast Radius[\s\S]*IAC001/);
    assert.deepEqual(JSON.parse(run('git status').stdout), { cancel: false });
  });

  it('cline: a PreToolUse script of the user\'s own is left alone, with the line to add by hand', () => {
    const file = path.join(home, 'Documents', 'Cline', 'Hooks', 'PreToolUse');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\necho \'{"cancel": false}\'\n', { mode: 0o755 });
    const r = cli(['install', 'cline']);
    assert.equal(r.status, 70);
    assert.match(r.stderr, /PreToolUse hook of your own[\s\S]*hook cline/);
    assert.equal(readFileSync(file, 'utf8'), '#!/bin/sh\necho \'{"cancel": false}\'\n');
    assert.match(cli(['uninstall', 'cline']).stdout, /no hook of ours/);
    assert.ok(existsSync(file));
  });

  it('opencode: the plugin, loaded as opencode loads it, throws the reason for a gate-level call and lets an everyday one run', async function () {
    this.timeout(30_000);
    assert.equal(cli(['install', 'opencode']).status, 0);
    const file = path.join(home, '.config', 'opencode', 'plugins', 'blast-radius.js');
    // Node takes ES module syntax from a .mjs name; opencode's Bun takes it from the .js file itself.
    const copy = path.join(tmp, 'plugin.mjs');
    writeFileSync(copy, readFileSync(file));
    const saved = { HOME: process.env.HOME, XDG_DATA_HOME: process.env.XDG_DATA_HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, S: process.env.BLAST_RADIUS_HOOK_SERVER };
    Object.assign(process.env, { HOME: env.HOME, XDG_DATA_HOME: env.XDG_DATA_HOME, XDG_CONFIG_HOME: env.XDG_CONFIG_HOME, BLAST_RADIUS_HOOK_SERVER: 'off' });
    try {
      const mod = (await import(pathToFileURL(copy).href)) as { BlastRadius: (ctx: { directory: string; worktree: string }) => Promise<Record<string, (i: unknown, o: unknown) => Promise<void>>> };
      const hooks = await mod.BlastRadius({ directory: tmp, worktree: tmp });
      const before = hooks['tool.execute.before'];
      await assert.rejects(before({ tool: 'bash', sessionID: 's', callID: 'c' }, { args: { command: 'terraform destroy -auto-approve', description: 'd' } }), /Blast Radius[\s\S]*IAC001/);
      await before({ tool: 'bash', sessionID: 's', callID: 'c' }, { args: { command: 'git status', description: 'd' } });
      await before({ tool: 'read', sessionID: 's', callID: 'c' }, { args: { filePath: '/etc/passwd' } });
      // A launcher that cannot run: the calls it judges are stopped, never let through unchecked.
      rmSync(launcher());
      await assert.rejects(before({ tool: 'bash', sessionID: 's', callID: 'c' }, { args: { command: 'git status', description: 'd' } }), /could not check this bash call/);
    } finally {
      for (const [k, v] of Object.entries({ HOME: saved.HOME, XDG_DATA_HOME: saved.XDG_DATA_HOME, XDG_CONFIG_HOME: saved.XDG_CONFIG_HOME, BLAST_RADIUS_HOOK_SERVER: saved.S })) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('windsurf: one entry in pre_run_command and one in pre_write_code, each run as Cascade runs it (sh -c, payload on stdin) blocking with exit 2', () => {
    const r = cli(['install', 'windsurf']);
    assert.equal(r.status, 0, r.stderr);
    const file = path.join(home, '.codeium', 'windsurf', 'hooks.json');
    const hooks = (JSON.parse(readFileSync(file, 'utf8')) as { hooks: Record<string, { command: string; show_output: boolean }[]> }).hooks;
    assert.deepEqual(Object.keys(hooks).sort(), ['pre_run_command', 'pre_write_code']);
    for (const event of Object.keys(hooks)) {
      assert.equal(hooks[event].length, 1, event);
      assert.equal(hooks[event][0].show_output, true);
    }
    const ws = path.join(tmp, 'ws');
    mkdirSync(path.join(ws, 'migrations'), { recursive: true });
    const runAsCascade = (event: string, info: unknown) =>
      spawnSync('/bin/sh', ['-c', hooks[event][0].command], { cwd: ws, env: { ...env, BLAST_RADIUS_HOOK_SERVER: 'off' }, encoding: 'utf8', input: JSON.stringify({ agent_action_name: event, trajectory_id: 't', execution_id: 'e', timestamp: '2026-12-06T18:00:00Z', tool_info: info }) });
    const gate = runAsCascade('pre_run_command', { command_line: 'terraform destroy -auto-approve', cwd: ws });
    assert.equal(gate.status, 2, gate.stderr);
    assert.match(gate.stderr, /IAC001 \(critical\)/);
    const write = runAsCascade('pre_write_code', { file_path: path.join(ws, 'migrations', '001.sql'), edits: [{ old_string: '', new_string: 'DROP TABLE users;\n' }] });
    assert.equal(write.status, 2, write.stderr);
    assert.match(write.stderr, /SQL002/);
    const everyday = runAsCascade('pre_run_command', { command_line: 'git status', cwd: ws });
    assert.equal(everyday.status, 0, everyday.stderr);
    assert.equal(everyday.stdout, '');
  });

  it('uninstall after the user edited the file: only our entry goes, their edit stays', () => {
    const file = path.join(home, '.claude', 'settings.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, CLAUDE_SETTINGS);
    assert.equal(cli(['install', 'claude-code']).status, 0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"model": "opus"', '"model": "sonnet"'));
    const r = cli(['uninstall', 'claude-code']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /removed our entry/);
    assert.equal(readFileSync(file, 'utf8'), CLAUDE_SETTINGS.replace('"model": "opus"', '"model": "sonnet"'));
  });

  it('codex: a config.toml that defines hooks.PreToolUse inline is left alone, with the reason', () => {
    const file = path.join(home, '.codex', 'config.toml');
    mkdirSync(path.dirname(file), { recursive: true });
    const text = 'model = "o3"\n[hooks]\nPreToolUse = []\n';
    writeFileSync(file, text);
    const r = cli(['install', 'codex']);
    assert.equal(r.status, 70);
    assert.match(r.stderr, /hooks\.PreToolUse/);
    assert.equal(readFileSync(file, 'utf8'), text);
  });

  it('codex: writes hooks.json instead when that file already exists (Codex warns about mixing)', () => {
    const file = path.join(home, '.codex', 'hooks.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{ "hooks": {} }\n');
    assert.equal(cli(['install', 'codex']).status, 0);
    assert.match(readFileSync(file, 'utf8'), /hook codex/);
    assert.ok(!existsSync(path.join(home, '.codex', 'config.toml')));
    assert.equal(cli(['uninstall', 'codex']).status, 0);
    assert.equal(readFileSync(file, 'utf8'), '{ "hooks": {} }\n');
  });

  it('a settings file that is not valid JSON is left alone, with the reason', () => {
    const file = path.join(home, '.gemini', 'settings.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{ "theme": ');
    const r = cli(['install', 'gemini-cli']);
    assert.equal(r.status, 70);
    assert.match(r.stderr, /not valid JSON/);
    assert.equal(readFileSync(file, 'utf8'), '{ "theme": ');
  });

  it('project scope: the project file, created and removed', () => {
    const ws = path.join(tmp, 'ws');
    mkdirSync(ws);
    const r = cli(['install', 'claude-code', '--project', '--cwd', ws]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /usually committed/);
    assert.match(readFileSync(path.join(ws, '.claude', 'settings.json'), 'utf8'), /hook claude-code/);
    assert.ok(!existsSync(path.join(home, '.claude', 'settings.json')));
    assert.equal(cli(['uninstall', 'claude-code', '--project', '--cwd', ws]).status, 0);
    assert.ok(!existsSync(path.join(ws, '.claude', 'settings.json')));
  });

  it('--launcher PATH: the entry runs that launcher (the extension\'s), and uninstall finds it', () => {
    const ext = path.join(tmp, 'globalStorage', 'bin', 'blast-radius');
    mkdirSync(path.dirname(ext), { recursive: true });
    writeFileSync(ext, '#!/bin/sh\n', { mode: 0o755 });
    const r = cli(['install', 'claude-code', '--launcher', ext]);
    assert.equal(r.status, 0, r.stderr);
    const file = path.join(home, '.claude', 'settings.json');
    assert.ok(readFileSync(file, 'utf8').includes(`'${ext}' hook claude-code`));
    assert.ok(!existsSync(launcher()), 'no XDG launcher needed');
    // The record knows this launcher, so a plain uninstall removes its entry too.
    assert.equal(cli(['uninstall', 'claude-code']).status, 0);
    assert.ok(!existsSync(file));
  });

  it('the launcher: stable path, absolute Node and CLI inside, runs a hook with no node on PATH', () => {
    assert.equal(cli(['install', 'claude-code']).status, 0);
    const l = launcher();
    const text = readFileSync(l, 'utf8');
    assert.ok(text.includes(`node='${process.execPath}'`));
    assert.ok(text.includes(`cli='${CLI}'`));
    assert.ok((statSync(l).mode & 0o111) !== 0, 'executable');
    const payload = JSON.stringify({ hook_event_name: 'PreToolUse', cwd: tmp, tool_name: 'Bash', tool_input: { command: 'terraform destroy -auto-approve' } });
    // As an interactive Claude Code session runs it.
    const r = spawnSync(l, ['hook', 'claude-code'], { input: payload, env: { HOME: home, PATH: '', CLAUDE_CODE_ENTRYPOINT: 'cli', BLAST_RADIUS_HOOK_SERVER: 'off' }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /"permissionDecision":"ask"/);
  });

  it('a launcher whose CLI or Node is gone says which; a hook call gets the agent\'s "ask", anything else exits 2', () => {
    const dir = path.join(tmp, 'bin');
    mkdirSync(dir);
    const noCli = path.join(dir, 'no-cli');
    writeFileSync(noCli, launcherText('linux', process.execPath, path.join(tmp, 'gone', 'cli.js')), { mode: 0o755 });
    const r1 = spawnSync(noCli, ['hook', 'claude-code'], { input: '{}', env: { PATH: '' }, encoding: 'utf8' });
    assert.equal(r1.status, 0);
    assert.match(r1.stdout, /"permissionDecision":"ask"/);
    assert.match(r1.stderr, /the CLI this launcher runs is gone/);
    assert.equal(spawnSync(noCli, ['scan', '--staged'], { env: { PATH: '' }, encoding: 'utf8' }).status, 2);
    const noNode = path.join(dir, 'no-node');
    writeFileSync(noNode, launcherText('linux', path.join(tmp, 'gone', 'node'), CLI), { mode: 0o755 });
    const r2 = spawnSync(noNode, ['hook', 'claude-code'], { input: '{}', env: { PATH: '' }, encoding: 'utf8' });
    assert.equal(r2.status, 0);
    assert.match(r2.stdout, /"permissionDecision":"ask"/);
    assert.match(r2.stderr, /Node\.js is missing/);
    assert.equal(spawnSync(noNode, ['scan', '--staged'], { env: { PATH: '' }, encoding: 'utf8' }).status, 2);
  });

  it('usage errors exit 64', () => {
    assert.equal(cli(['install']).status, 64);
    assert.equal(cli(['install', 'vim']).status, 64);
    assert.equal(cli(['install', 'claude-code', '--user', '--project']).status, 64);
    assert.equal(cli(['install', 'git', '--user']).status, 64);
    assert.equal(cli(['frobnicate']).status, 64);
    assert.equal(cli(['install', 'claude-code', '--launcher', 'relative/path']).status, 64);
  });
});
