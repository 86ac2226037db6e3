/**
 * An agent must not be able to switch protection off (issue 12, item 7), through the real hook
 * process and `hooks status`: the four holes are stopped and recorded, adding protection is quiet
 * (the engines and the record in process are test/unit/self-protection.test.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatFor } from '../../src/node/hooks/agents';
import { buildCliOnce } from '../helpers/build';

const ROOT = path.resolve(__dirname, '..', '..');
const HOOK_JS = path.join(ROOT, 'dist', 'hook.js');
const CLI = path.join(ROOT, 'dist', 'cli.js');

describe('self-protection: the real hook refuses and records, hooks status says when', function () {
  this.timeout(60_000);
  let home: string;
  let proj: string;
  before(() => buildCliOnce());
  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'br-self-hook-'));
    proj = path.join(home, 'proj');
    mkdirSync(proj);
    spawnSync('git', ['init', '-q', proj]);
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: home, BLAST_RADIUS_HOOK_SERVER: 'off', BLAST_RADIUS_CODE_CACHE: 'off' });
  // Claude Code's calls come from an attended session, where it can ask (see core/hook-asking.ts).
  const agentEnv = (agent: string): NodeJS.ProcessEnv => (agent === 'claude-code' ? { ...env(), CLAUDE_CODE_ENTRYPOINT: 'cli', CLAUDE_CODE_SESSION_ATTENDED: '1' } : env());
  const hook = (agent: string, payload: object): { decision: string; reason: string } => {
    const r = spawnSync(process.execPath, [HOOK_JS, agent], { input: JSON.stringify({ cwd: proj, ...payload }), env: agentEnv(agent), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    return { decision: out.hookSpecificOutput.permissionDecision, reason: out.hookSpecificOutput.permissionDecisionReason };
  };

  it('the four holes: stopped with the rule and the safer way; status lists them with their time, text and JSON', () => {
    const calls: [string, object, RegExp][] = [
      ['claude-code', { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: `echo '{"strictness":"off"}' > ~/.config/blast-radius/policy.json` } }, /SELF005 \(critical\): Overwrites ~\/\.config\/blast-radius\/policy\.json/],
      ['claude-code', { hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: path.join(proj, '.claude', 'settings.local.json'), content: '{"disableAllHooks": true}\n' } }, /SELF009 \(critical\) \.claude\/settings\.local\.json:1: sets disableAllHooks/],
      ['codex', { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: "sed -i '/# >>> blast-radius/,/# <<< blast-radius/d' ~/.codex/config.toml" } }, /SELF005 \(critical\): Edits in place ~\/\.codex\/config\.toml/],
      ['claude-code', { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'blast-radius hooks uninstall claude-code' } }, /SELF006 \(critical\): Removes the Blast Radius hook of claude-code/],
    ];
    for (const [agent, payload, reason] of calls) {
      const a = hook(agent, payload);
      assert.equal(a.decision, agent === 'codex' ? 'deny' : 'ask');
      assert.match(a.reason, reason);
      assert.match(a.reason, /Safer: \S/);
    }
    const text = spawnSync(process.execPath, [CLI, 'hooks', 'status'], { env: env(), encoding: 'utf8' });
    assert.equal(text.status, 0, text.stderr);
    const section = text.stdout.slice(text.stdout.indexOf('protection tampering'));
    const lines = section.split('\n').filter((l) => l.startsWith('  '));
    assert.equal(lines.length, 4, section);
    assert.match(lines[0], /^ {2}\d{4}-\d\d-\d\d \d\d:\d\d, `blast-radius hooks uninstall claude-code` \(.*SELF006, seen by the claude-code hook\) — asked the user$/);
    assert.match(lines[1], /`sed -i '\/# >>> blast-radius\/,\/# <<< blast-radius\/d' ~\/\.codex\/config\.toml` \(.*SELF005, seen by the codex hook\) — refused$/);
    assert.match(lines[2], /a change to ~\/proj\/\.claude\/settings\.local\.json \(sets disableAllHooks.*SELF009/);
    const json = spawnSync(process.execPath, [CLI, 'hooks', 'status', '--format', 'json'], { env: env(), encoding: 'utf8' });
    const t = (JSON.parse(json.stdout) as { protectionTampering: { latest: { time: string; command: string; outcome: string }; recent: unknown[] } }).protectionTampering;
    assert.equal(t.recent.length, 4);
    assert.equal(t.latest.command, 'blast-radius hooks uninstall claude-code');
    assert.equal(t.latest.outcome, 'asked');
    assert.ok(Date.now() - Date.parse(t.latest.time) < 60_000, t.latest.time);
  });

  it('check knows where the environment put an agent\'s settings (CLAUDE_CONFIG_DIR)', () => {
    const line = 'cat /dev/null > /opt/team-claude/settings.json';
    const moved = spawnSync(process.execPath, [CLI, 'check', '--', line], { env: { ...env(), CLAUDE_CONFIG_DIR: '/opt/team-claude' }, encoding: 'utf8' });
    assert.equal(moved.status, 20, moved.stdout + moved.stderr);
    assert.match(moved.stdout, /SELF005/);
    const usual = spawnSync(process.execPath, [CLI, 'check', '--', line], { env: env(), encoding: 'utf8' });
    // Elsewhere it is no protection file: emptying a file outside the project is a warning (FS014), not the gate.
    assert.equal(usual.status, 10, usual.stdout + usual.stderr);
    assert.doesNotMatch(usual.stdout, /SELF005/);
  });

  it('adding protection is quiet and records nothing; with none recorded, status says so', () => {
    const write = (file: string, content: string): { stdout: string } => {
      const r = spawnSync(process.execPath, [HOOK_JS, 'claude-code'], { input: JSON.stringify({ cwd: proj, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: file, content } }), env: env(), encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r;
    };
    assert.equal(write(path.join(home, '.config', 'blast-radius', 'policy.json'), '{"strictness": "strict"}\n').stdout, '');
    const launchers = [path.join(home, '.local', 'share', 'blast-radius', 'bin', 'blast-radius')];
    const settings = formatFor('claude-code', path.join(proj, '.claude', 'settings.json'), { launcher: launchers[0], launchers, platform: 'linux' }).add('{}\n');
    assert.equal(write(path.join(proj, '.claude', 'settings.json'), settings).stdout, '');
    const r = spawnSync(process.execPath, [HOOK_JS, 'claude-code'], { input: JSON.stringify({ cwd: proj, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'blast-radius hooks install codex' } }), env: env(), encoding: 'utf8' });
    assert.equal(r.stdout, '');
    const text = spawnSync(process.execPath, [CLI, 'hooks', 'status'], { env: env(), encoding: 'utf8' });
    assert.match(text.stdout, /\nprotection tampering: none recorded \(~\/\.local\/share\/blast-radius\/tampering\.jsonl\)\n$/);
  });
});
