/**
 * `hooks status` tells whether each agent will really run the hook, from the agent's own files:
 * Codex's trust (compared with the hash Codex computes), the switches in each agent's settings,
 * folder trust, and the launcher. In-process on temporary homes; the run through the real CLI is test/process/hooks-status.test.ts.
 */
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AGENT_IDS, type AgentId, AGENTS, type Scope } from '../../src/node/hooks/agents';
import { codexHookHash } from '../../src/node/hooks/codex-trust';
import { agentHooksSummary, agentStatus, installAgentHook, type StatusRow } from '../../src/node/hooks/install';
import { launcherText, writeLauncher } from '../../src/node/hooks/launcher';
import type { HostEnv } from '../../src/node/hooks/paths';

const ROOT = path.resolve(__dirname, '..', '..');

describe('hooks status: will the agent run the hook?', () => {
  let tmp = '';
  let host: HostEnv;
  let project = '';
  let system = '';
  let launcher = '';

  const install = (agent: AgentId, scope: Scope = 'user', l = launcher): string => installAgentHook({ agent, scope, host, projectDir: project, launcher: { launcher: l, launchers: [l, launcher] } }).file;
  const row = (agent: AgentId, scope: Scope = 'user'): StatusRow => {
    const r = agentStatus(host, project, [launcher, path.join(tmp, 'other', 'blast-radius')], { systemRoot: system }).find((x) => x.agent === agent && x.scope === scope);
    assert.ok(r?.installed, `${agent} ${scope} installed`);
    return r;
  };
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  const makeLauncher = (file: string): string => {
    const cli = path.join(tmp, 'cli.js');
    write(cli, '');
    writeLauncher(file, launcherText('linux', process.execPath, cli));
    return file;
  };

  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-status-'));
    const home = path.join(tmp, 'home');
    project = path.join(tmp, 'project');
    system = path.join(tmp, 'system');
    mkdirSync(home, { recursive: true });
    mkdirSync(path.join(project, '.git'), { recursive: true });
    host = { env: { HOME: home, XDG_DATA_HOME: path.join(home, '.local', 'share') }, home, platform: 'linux' };
    launcher = makeLauncher(path.join(home, '.local', 'share', 'blast-radius', 'bin', 'blast-radius'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  describe('Codex', () => {
    const ourHash = (l: string): string => codexHookHash({ event: 'PreToolUse', matcher: 'Bash|apply_patch', command: `'${l}' hook codex`, timeout: 30 });
    /** What Codex appends when the user trusts the hook in /hooks (see test/fixtures/hooks/codex-config). */
    const trust = (file: string, key: string, hash: string): void => appendFileSync(file, `\n[hooks.state]\n\n[hooks.state.${JSON.stringify(key)}]\ntrusted_hash = ${JSON.stringify(hash)}\n`);

    it('new: waiting for the user to trust it in /hooks, with the exact step', () => {
      const file = install('codex');
      const r = row('codex');
      assert.equal(r.health, 'needs-trust');
      assert.match(r.problems?.[0].detail ?? '', /open Codex, run \/hooks and trust the Blast Radius hook/);
      assert.deepEqual(r.codexTrust, [{ key: `${file}:pre_tool_use:0:0`, hash: ourHash(launcher) }]);
    });

    it('trusted: active; moved to another launcher: "changed since you trusted it"', () => {
      const file = install('codex');
      trust(file, `${file}:pre_tool_use:0:0`, ourHash(launcher));
      assert.equal(row('codex').health, 'active');
      assert.deepEqual(row('codex').problems, []);
      const other = makeLauncher(path.join(tmp, 'other', 'blast-radius'));
      install('codex', 'user', other);
      const r = row('codex');
      assert.equal(r.health, 'changed');
      assert.match(r.problems?.[0].detail ?? '', /changed since you trusted it/);
      assert.equal(r.codexTrust?.[0].trustedHash, ourHash(launcher));
      assert.equal(r.codexTrust?.[0].hash, ourHash(other));
    });

    it('hooks.json: the key names hooks.json, the trust is still kept in config.toml', () => {
      const json = path.join(host.home, '.codex', 'hooks.json');
      write(json, '{ "hooks": { "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "./audit.sh" }] }] } }\n');
      assert.equal(install('codex'), json);
      const key = `${json}:pre_tool_use:1:0`;
      assert.deepEqual(row('codex').codexTrust, [{ key, hash: ourHash(launcher) }]);
      const config = path.join(host.home, '.codex', 'config.toml');
      write(config, 'model = "o3"\n');
      trust(config, key, ourHash(launcher));
      assert.equal(row('codex').health, 'active');
    });

    it('a hash that is not Codex\'s (a guess) does not count as trusted', () => {
      const file = install('codex');
      trust(file, `${file}:pre_tool_use:0:0`, `sha256:${'0'.repeat(64)}`);
      assert.equal(row('codex').health, 'changed');
    });

    it('switched off: enabled = false in /hooks, [features] hooks = false, or in the active profile', () => {
      const file = install('codex');
      const base = readFileSync(file, 'utf8');
      appendFileSync(file, `\n[hooks.state.${JSON.stringify(`${file}:pre_tool_use:0:0`)}]\nenabled = false\ntrusted_hash = "${ourHash(launcher)}"\n`);
      assert.equal(row('codex').health, 'disabled');
      assert.match(row('codex').problems?.[0].detail ?? '', /switched off in Codex's \/hooks/);
      writeFileSync(file, `${base}\n[features]\nhooks = false\n`);
      assert.equal(row('codex').health, 'disabled');
      writeFileSync(file, `profile = "quiet"\n${base}\n[profiles.quiet.features]\nhooks = false\n`);
      assert.match(row('codex').problems?.[0].detail ?? '', /\[profiles\.quiet\.features\] hooks = false/);
    });

    it('managed: allow_managed_hooks_only in /etc/codex/requirements.toml', () => {
      install('codex');
      write(path.join(system, 'etc', 'codex', 'requirements.toml'), 'allow_managed_hooks_only = true\n');
      assert.equal(row('codex').health, 'disabled');
    });

    it('project hooks: Codex ignores them until the project is trusted', () => {
      install('codex', 'project');
      assert.equal(row('codex', 'project').health, 'needs-trust');
      assert.match(row('codex', 'project').problems?.[0].detail ?? '', /open Codex in .* and trust the folder/);
      const user = path.join(host.home, '.codex', 'config.toml');
      write(user, `[projects.${JSON.stringify(project)}]\ntrust_level = "untrusted"\n`);
      assert.equal(row('codex', 'project').health, 'disabled');
      write(user, `[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`);
      const r = row('codex', 'project');
      assert.equal(r.health, 'needs-trust', 'the project is trusted, the hook is not yet');
      assert.match(r.problems?.[0].detail ?? '', /run \/hooks/);
    });
  });

  describe('the launcher', () => {
    it('missing, not executable, or running a CLI that is gone: "launcher broken", whatever the agent says', () => {
      install('claude-code');
      assert.equal(row('claude-code').health, 'active');
      chmodSync(launcher, 0o644);
      assert.equal(row('claude-code').health, 'launcher-broken');
      assert.match(row('claude-code').problems?.[0].detail ?? '', /not executable/);
      chmodSync(launcher, 0o755);
      unlinkSync(path.join(tmp, 'cli.js'));
      assert.match(row('claude-code').problems?.[0].detail ?? '', /CLI gone/);
      unlinkSync(launcher);
      assert.match(row('claude-code').problems?.[0].detail ?? '', /launcher missing.*hooks install claude-code/);
    });
  });

  describe('Claude Code', () => {
    it('disableAllHooks in any settings file, and managed allowManagedHooksOnly, switch it off', () => {
      install('claude-code');
      write(path.join(project, '.claude', 'settings.local.json'), '{ "disableAllHooks": true }');
      assert.equal(row('claude-code').health, 'disabled');
      assert.match(row('claude-code').problems?.[0].detail ?? '', /settings\.local\.json sets "disableAllHooks": true.* in this project/);
      rmSync(path.join(project, '.claude'), { recursive: true });
      write(path.join(system, 'etc', 'claude-code', 'managed-settings.d', '10-org.json'), '{ "allowManagedHooksOnly": true }');
      assert.match(row('claude-code').problems?.[0].detail ?? '', /allowManagedHooksOnly/);
    });

    it('project hooks wait for the folder trust dialog Claude Code records in ~/.claude.json', () => {
      install('claude-code', 'project');
      assert.equal(row('claude-code', 'project').health, 'needs-trust');
      write(path.join(host.home, '.claude.json'), JSON.stringify({ projects: { [project]: { hasTrustDialogAccepted: true } } }));
      assert.equal(row('claude-code', 'project').health, 'active');
    });
  });

  describe('Gemini CLI', () => {
    const folders = (v: Record<string, string>): void => write(path.join(host.home, '.gemini', 'trustedFolders.json'), JSON.stringify(v));

    it('runs no hooks from settings in a folder it does not trust', () => {
      install('gemini-cli');
      assert.equal(row('gemini-cli').health, 'needs-trust');
      folders({ [project]: 'TRUST_FOLDER' });
      assert.equal(row('gemini-cli').health, 'active');
      folders({ [path.dirname(project)]: 'TRUST_FOLDER', [project]: 'DO_NOT_TRUST' });
      assert.equal(row('gemini-cli').health, 'disabled');
      folders({ [path.join(project, 'x')]: 'TRUST_PARENT' });
      assert.equal(row('gemini-cli').health, 'active');
    });

    it('hooksConfig.enabled: false and hooksConfig.disabled switch it off; folder trust can be switched off', () => {
      const file = install('gemini-cli');
      const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      writeFileSync(file, JSON.stringify({ ...settings, security: { folderTrust: { enabled: false } } }));
      assert.equal(row('gemini-cli').health, 'active');
      writeFileSync(file, JSON.stringify({ ...settings, security: { folderTrust: { enabled: false } }, hooksConfig: { enabled: false } }));
      assert.match(row('gemini-cli').problems?.[0].detail ?? '', /hooksConfig\.enabled: false/);
      writeFileSync(file, JSON.stringify({ ...settings, security: { folderTrust: { enabled: false } }, hooksConfig: { disabled: ['blast-radius'] } }));
      assert.match(row('gemini-cli').problems?.[0].detail ?? '', /hooksConfig\.disabled/);
      // The system settings win over the user's.
      writeFileSync(file, JSON.stringify({ ...settings, security: { folderTrust: { enabled: false } } }));
      write(path.join(system, 'etc', 'gemini-cli', 'settings.json'), '{ "hooksConfig": { "enabled": false } }');
      assert.equal(row('gemini-cli').health, 'disabled');
    });
  });

  it('Copilot CLI: disableAllHooks switches it off; Cursor: cannot verify', () => {
    install('copilot-cli');
    assert.equal(row('copilot-cli').health, 'active');
    write(path.join(host.home, '.copilot', 'settings.json'), '{ "disableAllHooks": true }');
    assert.equal(row('copilot-cli').health, 'disabled');
    install('cursor');
    assert.equal(row('cursor').health, 'cannot-verify');
    assert.match(row('cursor').problems?.[0].detail ?? '', /Cursor keeps no record/);
  });

  it('README lists what is read for each agent, from the agents table', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const id of AGENT_IDS) assert.ok(readme.includes(`- **${AGENTS[id].name}**: ${AGENTS[id].statusFacts}`), `README is missing or has a stale line for ${id}`);
  });

  it('the tooltip summary: one line per hook with its state and what to do', () => {
    install('claude-code');
    install('codex');
    const text = agentHooksSummary(agentStatus(host, project, [launcher], { systemRoot: system }), false) ?? '';
    assert.match(text, /^Agent hooks \(1 not active\):\nClaude Code \(user\): active\nCodex CLI \(user\): needs trust\. Codex skips it until you trust it: open Codex, run \/hooks/);
  });
});
