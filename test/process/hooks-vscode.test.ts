/**
 * `blast-radius hooks install|status|uninstall vscode` through the real CLI on a temporary home:
 * our hook file goes into a folder of ours, the editor's user settings gain exactly one property
 * (our folder in `chat.hookFilesLocations`) and get their bytes back on uninstall; a settings file
 * that does not parse is left as it is, with nothing installed; `--project` writes the workspace's
 * `.github/hooks` file; the installed hook answers a VS Code PreToolUse payload.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { buildCliOnce } from '../helpers/build';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

const USER_SETTINGS = `// VS Code user settings: keep this comment.
{
    "editor.fontSize": 14,
    /* Copilot */
    "chat.tools.terminal.autoApprove": { "npm test": true },
    "files.exclude": {
        "**/.git": true // hidden
    },
}
`;

const WITH_LOCATIONS = `{
\t"chat.hookFilesLocations": {
\t\t".github/hooks": true, // the repository's
\t\t"~/team-hooks": true
\t},
\t"workbench.colorTheme": "Default Dark Modern"
}
`;

interface Row {
  agent: string;
  scope: string;
  installed: boolean;
  file: string;
  health?: string;
  problems?: { health: string; detail: string }[];
}

describe('hooks install/status/uninstall vscode through the real CLI', () => {
  let tmp = '';
  let home = '';
  let env: NodeJS.ProcessEnv = {};

  before(function () {
    this.timeout(120_000);
    buildCliOnce();
  });
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-vscode-hooks-'));
    home = path.join(tmp, 'home');
    mkdirSync(home);
    env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share') };
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const cli = (args: string[], cwd = tmp) => {
    const r = spawnSync(process.execPath, [CLI, 'hooks', ...args], { cwd, env, encoding: 'utf8' });
    if (r.error) throw r.error;
    return r;
  };
  const settingsFile = () => path.join(home, '.config', 'Code', 'User', 'settings.json');
  const hookDir = () => path.join(home, '.local', 'share', 'blast-radius', 'vscode-hooks');
  const hookFile = () => path.join(hookDir(), 'blast-radius.json');
  /** How the setting names our folder: VS Code 1.139 skips absolute folders there. */
  const hookLocation = '~/.local/share/blast-radius/vscode-hooks';
  const status = (cwd = tmp): Row[] => {
    const st = cli(['status', '--format', 'json', '--cwd', cwd]);
    assert.equal(st.status, 0, st.stderr);
    return (JSON.parse(st.stdout) as { agents: Row[] }).agents.filter((r) => r.agent === 'vscode');
  };

  for (const [name, before] of [
    ['settings with comments, a trailing comma and other settings', USER_SETTINGS],
    ['settings that already list other hook folders (tabs)', WITH_LOCATIONS],
  ] as const) {
    it(`${name}: one property in, status shows it, uninstall gives every byte back`, () => {
      mkdirSync(path.dirname(settingsFile()), { recursive: true });
      writeFileSync(settingsFile(), before);

      const r1 = cli(['install', 'vscode']);
      assert.equal(r1.status, 0, r1.stderr);
      assert.match(r1.stdout, /listed .*vscode-hooks in "chat.hookFilesLocations"/);
      // The hook file: VS Code's own format, every tool, the launcher's Claude Code protocol.
      const hook = JSON.parse(readFileSync(hookFile(), 'utf8')) as { hooks: { PreToolUse: { type: string; command: string; timeout: number }[] } };
      assert.equal(hook.hooks.PreToolUse.length, 1);
      assert.equal(hook.hooks.PreToolUse[0].type, 'command');
      assert.match(hook.hooks.PreToolUse[0].command, /^'[^']+\/blast-radius' hook claude-code$/);
      assert.equal(typeof hook.hooks.PreToolUse[0].timeout, 'number');

      const after = readFileSync(settingsFile(), 'utf8');
      const value = parseJsonc(after) as Record<string, unknown>;
      const locations = value['chat.hookFilesLocations'] as Record<string, unknown>;
      assert.equal(locations[hookLocation], true);
      // Everything the user had is there, byte for byte: deleting our one property gives the original back.
      const before2 = parseJsonc(before) as Record<string, unknown>;
      for (const [k, v] of Object.entries(before2)) if (k !== 'chat.hookFilesLocations') assert.deepEqual(value[k], v, k);
      for (const line of before.split('\n')) assert.ok(after.includes(line.replace(/,$/, '')), `lost: ${line}`);
      assert.ok(!existsSync(`${settingsFile()}.blast-radius.bak`), 'no copy of the user settings is left lying beside them');

      const r2 = cli(['install', 'vscode']);
      assert.equal(r2.status, 0, r2.stderr);
      assert.match(r2.stdout, /already installed/);
      assert.match(r2.stdout, /already listed/);
      assert.equal(readFileSync(settingsFile(), 'utf8'), after, 'a second install writes nothing');

      const user = status().find((r) => r.scope === 'user');
      assert.ok(user?.installed, 'status shows it');
      assert.equal(user.file, hookFile());
      assert.ok(!user.problems?.some((p) => p.health === 'disabled'), JSON.stringify(user.problems));

      const r3 = cli(['uninstall', 'vscode']);
      assert.equal(r3.status, 0, r3.stderr);
      assert.equal(readFileSync(settingsFile(), 'utf8'), before, 'uninstall gives the settings back byte for byte');
      assert.ok(!existsSync(hookFile()), 'our hook file is gone');
      assert.ok(!status().find((r) => r.scope === 'user')?.installed);
    });
  }

  it('no settings file yet: one is created with our folder, and deleted again on uninstall', () => {
    const r = cli(['install', 'vscode']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(parseJsonc(readFileSync(settingsFile(), 'utf8')), { 'chat.hookFilesLocations': { [hookLocation]: true } });
    assert.equal(cli(['uninstall', 'vscode']).status, 0);
    assert.ok(!existsSync(settingsFile()));
  });

  for (const empty of ['{}\n', '{\n}\n', '// nothing yet\n{\n\n}']) {
    it(`settings with no setting in them (${JSON.stringify(empty)}) come back byte for byte`, () => {
      mkdirSync(path.dirname(settingsFile()), { recursive: true });
      writeFileSync(settingsFile(), empty);
      assert.equal(cli(['install', 'vscode']).status, 0);
      assert.ok(readFileSync(settingsFile(), 'utf8').includes(hookLocation));
      assert.equal(cli(['uninstall', 'vscode']).status, 0);
      assert.equal(readFileSync(settingsFile(), 'utf8'), empty);
    });
  }

  it('status says disabled when the settings no longer list our folder', () => {
    assert.equal(cli(['install', 'vscode']).status, 0);
    writeFileSync(settingsFile(), '{ "editor.fontSize": 12 }\n');
    const user = status().find((r) => r.scope === 'user');
    assert.ok(user?.installed);
    assert.equal(user.health, 'disabled');
    assert.match(user.problems?.[0].detail ?? '', /chat\.hookFilesLocations/);
  });

  it('an older install that listed our folder absolutely: status says VS Code skips it, install again lists ~/, uninstall takes both', () => {
    assert.equal(cli(['install', 'vscode']).status, 0);
    const absolute = `{\n    "editor.fontSize": 12,\n    "chat.hookFilesLocations": {\n        ${JSON.stringify(hookDir())}: true\n    }\n}\n`;
    writeFileSync(settingsFile(), absolute);
    const user = status().find((r) => r.scope === 'user');
    assert.equal(user?.health, 'disabled');
    assert.match(user?.problems?.[0].detail ?? '', /skips absolute folders there; run `blast-radius hooks install vscode` again to list it as ~\/\.local\/share\/blast-radius\/vscode-hooks/);
    assert.equal(cli(['install', 'vscode']).status, 0);
    assert.deepEqual(parseJsonc(readFileSync(settingsFile(), 'utf8')), { 'editor.fontSize': 12, 'chat.hookFilesLocations': { [hookLocation]: true } });
    assert.ok(!status().find((r) => r.scope === 'user')?.problems?.some((p) => p.health === 'disabled'));
    writeFileSync(settingsFile(), absolute.replace('true\n', `true,\n        ${JSON.stringify(hookLocation)}: true\n`));
    assert.equal(cli(['uninstall', 'vscode']).status, 0);
    assert.deepEqual(parseJsonc(readFileSync(settingsFile(), 'utf8')), { 'editor.fontSize': 12 });
  });

  it('a broken settings file: a clear message, not a byte changed, nothing installed', () => {
    mkdirSync(path.dirname(settingsFile()), { recursive: true });
    const broken = '{\n    "editor.fontSize": 14,\n    "chat.hookFilesLocations": {\n';
    writeFileSync(settingsFile(), broken);
    const r = cli(['install', 'vscode']);
    assert.equal(r.status, 70);
    assert.match(r.stderr, /settings\.json is not valid JSON .* at line \d+\), so it was left as it is/);
    assert.equal(readFileSync(settingsFile(), 'utf8'), broken);
    assert.ok(!existsSync(hookFile()), 'no hook file without its listing');
    assert.ok(!status().find((x) => x.scope === 'user')?.installed);
  });

  it('a setting that switches our folder off is the user\'s choice: left alone, with the reason', () => {
    mkdirSync(path.dirname(settingsFile()), { recursive: true });
    const text = `{ "chat.hookFilesLocations": { ${JSON.stringify(hookLocation)}: false } }\n`;
    writeFileSync(settingsFile(), text);
    const r = cli(['install', 'vscode']);
    assert.equal(r.status, 70);
    assert.match(r.stderr, /switches our hook folder off/);
    assert.equal(readFileSync(settingsFile(), 'utf8'), text);
  });

  it('--settings FILE: another build\'s settings (Insiders, code-server) get the listing', () => {
    const other = path.join(tmp, 'code-server', 'User', 'settings.json');
    mkdirSync(path.dirname(other), { recursive: true });
    writeFileSync(other, USER_SETTINGS);
    const r = cli(['install', 'vscode', '--settings', other]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!existsSync(settingsFile()), 'the stable build\'s settings are not created');
    assert.ok(readFileSync(other, 'utf8').includes(hookLocation));
    // The record remembers which settings file it was: a plain uninstall finds it.
    assert.equal(cli(['uninstall', 'vscode']).status, 0);
    assert.equal(readFileSync(other, 'utf8'), USER_SETTINGS);
  });

  it('--project: the workspace\'s .github/hooks file, shown in status and removed', () => {
    const ws = path.join(tmp, 'ws');
    mkdirSync(ws);
    const r = cli(['install', 'vscode', '--project', '--cwd', ws]);
    assert.equal(r.status, 0, r.stderr);
    const file = path.join(ws, '.github', 'hooks', 'blast-radius-vscode.json');
    assert.match(readFileSync(file, 'utf8'), /"PreToolUse"[\s\S]*hook claude-code/);
    assert.ok(!existsSync(settingsFile()), 'no user settings touched for a project hook');
    const project = status(ws).find((x) => x.scope === 'project');
    assert.ok(project?.installed);
    assert.equal(project.file, file);
    assert.equal(cli(['uninstall', 'vscode', '--project', '--cwd', ws]).status, 0);
    assert.ok(!existsSync(file));
  });

  it('the installed command answers VS Code\'s PreToolUse payload for a gate-level terminal command', function () {
    this.timeout(60_000);
    assert.equal(cli(['install', 'vscode']).status, 0);
    const hook = JSON.parse(readFileSync(hookFile(), 'utf8')) as { hooks: { PreToolUse: { command: string }[] } };
    const payload = {
      timestamp: '2026-02-09T10:30:00.000Z',
      cwd: tmp,
      sessionId: 's',
      hookEventName: 'PreToolUse',
      tool_name: 'run_in_terminal',
      tool_input: { command: 'rm -rf ~', explanation: 'clean', isBackground: false },
      tool_use_id: 't',
    };
    const r = spawnSync('/bin/sh', ['-c', hook.hooks.PreToolUse[0].command], { cwd: tmp, env, input: JSON.stringify(payload), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: string } };
    assert.ok(['ask', 'deny'].includes(out.hookSpecificOutput?.permissionDecision ?? ''), r.stdout);
  });
});
