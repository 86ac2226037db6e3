/**
 * `hooks status` through the real CLI: a new Codex hook "needs trust", in text and JSON (the
 * in-process cases are test/unit/hooks-status.test.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StatusRow } from '../../src/node/hooks/install';
import { launcherText, writeLauncher } from '../../src/node/hooks/launcher';
import type { HostEnv } from '../../src/node/hooks/paths';
import { buildCliOnce } from '../helpers/build';

const ROOT = path.resolve(__dirname, '..', '..');

describe('hooks status: will the agent run the hook?', () => {
  let tmp = '';
  let host: HostEnv;
  let project = '';

  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-status-'));
    const home = path.join(tmp, 'home');
    project = path.join(tmp, 'project');
    mkdirSync(home, { recursive: true });
    mkdirSync(path.join(project, '.git'), { recursive: true });
    host = { env: { HOME: home, XDG_DATA_HOME: path.join(home, '.local', 'share') }, home, platform: 'linux' };
    // The launcher an earlier install left, as in the in-process cases.
    const cli = path.join(tmp, 'cli.js');
    writeFileSync(cli, '');
    writeLauncher(path.join(home, '.local', 'share', 'blast-radius', 'bin', 'blast-radius'), launcherText('linux', process.execPath, cli));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('through the real CLI: text and JSON say "needs trust" for a new Codex hook, with what to do', function () {
    this.timeout(120_000);
    buildCliOnce();
    const env = { PATH: process.env.PATH, HOME: host.home, XDG_DATA_HOME: path.join(host.home, '.local', 'share'), XDG_CONFIG_HOME: path.join(host.home, '.config') };
    const cli = (args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'hooks', ...args, '--cwd', project], { env, encoding: 'utf8' });
    const inst = cli(['install', 'codex']);
    assert.equal(inst.status, 0, inst.stderr);
    assert.match(inst.stdout, /state: needs trust\n {4}needs trust: Codex skips it until you trust it: open Codex, run \/hooks/);
    const text = cli(['status']);
    assert.match(text.stdout, /^codex {8}user {5}needs trust {12}~\/\.codex\/config\.toml\n {22}needs trust: Codex skips it/m);
    const json = JSON.parse(cli(['status', '--format', 'json']).stdout) as { agents: StatusRow[] };
    const codex = json.agents.find((r) => r.agent === 'codex' && r.scope === 'user');
    assert.equal(codex?.health, 'needs-trust');
    assert.equal(codex?.codexTrust?.[0].key, `${path.join(host.home, '.codex', 'config.toml')}:pre_tool_use:0:0`);
  });
});
