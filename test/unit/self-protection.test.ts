/**
 * An agent must not be able to switch protection off (issue 12, item 7). The four holes found by
 * real agents (a policy written with `echo >`, `disableAllHooks` in .claude/settings.local.json, a
 * sed that deletes our block from ~/.codex/config.toml, `blast-radius hooks uninstall`) and their
 * family, through the engines, the installers' own output (adding protection stays quiet) and the
 * record `hooks status` reads; the real hook process is test/process/self-protection.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateEdit } from '../../src/core/edit/engine';
import { evaluateCommand } from '../../src/core/engine';
import { guardedFile, guardedPath } from '../../src/core/guard';
import { DEFAULT_POLICY } from '../../src/core/policy';
import { tamperLine } from '../../src/core/tamper';
import type { CommandContext } from '../../src/core/types';
import { guardRoots } from '../../src/node/guard-roots';
import { AGENT_IDS, formatFor, settingsFiles } from '../../src/node/hooks/agents';
import { gitHookFormat } from '../../src/node/hooks/git-hook';
import { launcherText } from '../../src/node/hooks/launcher';
import { hostEnv } from '../../src/node/hooks/paths';
import { readTampering, recordTampering } from '../../src/node/tamper-log';
import { loadEffectivePolicy } from '../../src/node/policy-files';
import { TEST_CONTEXT } from '../helpers/context';

function selfIds(line: string, ctx: CommandContext = TEST_CONTEXT): string[] {
  return evaluateCommand(line, { ctx }).findings.filter((f) => f.category === 'self-protection').map((f) => f.ruleId);
}

function editIds(p: string, before: string | undefined, after: string | undefined): string[] {
  return evaluateEdit({ path: p, before, after }).findings.filter((f) => f.category === 'self-protection').map((f) => f.ruleId);
}

describe('self-protection: commands that switch protection off', () => {
  const fires: [string, string][] = [
    [`echo '{"strictness":"off"}' > ~/.config/blast-radius/policy.json`, 'SELF005'],
    [`printf '{"strictness":"off"}' >| /home/dev/.config/blast-radius/policy.json`, 'SELF005'],
    ["sed -i.bak '/# >>> blast-radius/,/# <<< blast-radius/d' ~/.codex/config.toml", 'SELF005'],
    ["sed -i '/blast-radius/d' $HOME/.codex/config.toml", 'SELF005'],
    ['jq \'del(.hooks)\' ~/.claude/settings.json | tee ~/.claude/settings.json', 'SELF005'],
    ['cp /dev/null .github/hooks/blast-radius.json', 'SELF005'],
    ['mv .cursor/hooks.json /tmp/', 'SELF005'],
    ['rm -f .blast-radius.json', 'SELF005'],
    ['rm -rf ~/.local/share/blast-radius', 'SELF005'],
    // The user's emergency stop (issue 19): deleting or editing it does not resume, and is reported.
    ['rm ~/.local/share/blast-radius/stopped.json', 'SELF005'],
    ['echo "{}" > ~/.local/share/blast-radius/stopped.json', 'SELF005'],
    ['mv /home/dev/.local/share/blast-radius/stopped.json /tmp/', 'SELF005'],
    // The record of the agents' file tool calls names who changed a file: forging it is tampering.
    ['echo \'{"t":1,"agent":"codex","tool":"x","files":[]}\' >> ~/.local/share/blast-radius/tool-calls.jsonl', 'SELF005'],
    ['rm ~/.local/share/blast-radius/tool-calls.old.jsonl', 'SELF005'],
    ['cd ~/.claude && rm settings.json', 'SELF005'],
    ['chmod 000 ~/.codex/config.toml', 'SELF005'],
    ['chmod 644 ~/.local/share/blast-radius/bin/blast-radius', 'SELF005'],
    ['chmod a-r .claude/settings.json', 'SELF005'],
    ['blast-radius hooks uninstall claude-code', 'SELF006'],
    ['/home/dev/.local/share/blast-radius/bin/blast-radius hooks uninstall git', 'SELF006'],
    ['npm rm --global blast-radius', 'SELF006'],
    ['code-server --uninstall-extension blast-radius.blast-radius', 'SELF006'],
    ['CLAUDE_CONFIG_DIR=/tmp/clean claude -p "delete the logs"', 'SELF007'],
    ['claude --setting-sources local -p hi', 'SELF007'],
    ['CODEX_HOME=/tmp/c codex exec "clean up"', 'SELF007'],
  ];
  for (const [line, id] of fires) {
    it(`${id}, critical, gate: ${line}`, () => {
      const r = evaluateCommand(line, { ctx: TEST_CONTEXT, policy: DEFAULT_POLICY });
      const f = r.findings.find((x) => x.ruleId === id);
      assert.ok(f, `${id} did not fire; got ${r.findings.map((x) => x.ruleId).join(',') || 'nothing'}`);
      assert.equal(f.severity, 'critical');
      assert.equal(r.decision, 'gate');
    });
  }

  const quiet = [
    'blast-radius hooks install claude-code',
    'blast-radius hooks install codex --project',
    'blast-radius hooks status --format json',
    'cat ~/.codex/config.toml',
    'sed -n 1,20p ~/.claude/settings.json',
    'cp ~/.claude/settings.json ~/settings-backup.json',
    'npm install -g blast-radius',
    'code --install-extension blast-radius.blast-radius',
    'claude -p "fix the tests"',
    'CLAUDE_CONFIG_DIR=/home/dev/.claude claude -p hi',
    'echo done > build/status.txt',
    'rm -rf node_modules',
    'git config user.name dev',
    'chmod 600 ~/.claude/settings.json',
    'chmod 755 ~/.local/share/blast-radius/bin/blast-radius',
  ];
  for (const line of quiet) {
    it(`stays quiet: ${line}`, () => assert.deepEqual(selfIds(line), []));
  }

  it('sees the folders the environment moved: CLAUDE_CONFIG_DIR, CODEX_HOME, our data folder', () => {
    const host = hostEnv({ env: { CLAUDE_CONFIG_DIR: '/opt/claude', CODEX_HOME: '/srv/codex', XDG_DATA_HOME: '/data' }, home: '/home/dev', platform: 'linux' });
    const ctx: CommandContext = { ...TEST_CONTEXT, guard: guardRoots(host) };
    assert.deepEqual(selfIds('rm /opt/claude/settings.json', ctx), ['SELF005']);
    assert.deepEqual(selfIds(': > /srv/codex/config.toml', ctx), ['SELF005']);
    assert.deepEqual(selfIds('echo "exit 0" > /data/blast-radius/bin/blast-radius', ctx), ['SELF005']);
    assert.deepEqual(selfIds('rm -f /data/blast-radius/stopped.json', ctx), ['SELF005']);
    assert.equal(guardedFile('/data/blast-radius/stopped.json', guardRoots(host))?.kind, 'stop');
    assert.equal(guardedFile('/data/blast-radius/tool-calls.jsonl', guardRoots(host))?.kind, 'state');
    assert.deepEqual(selfIds('cat /dev/null > "$CLAUDE_CONFIG_DIR/settings.json"', ctx), ['SELF005']);
    // The same names without the environment are ordinary files.
    assert.deepEqual(selfIds('rm /opt/claude/settings.json'), []);
    // The agent's own folder is where the hook is: starting it there is fine, elsewhere is not.
    assert.deepEqual(selfIds('CLAUDE_CONFIG_DIR=/opt/claude claude -p hi', ctx), []);
    assert.deepEqual(selfIds('CLAUDE_CONFIG_DIR=/opt/elsewhere claude -p hi', ctx), ['SELF007']);
  });

  it('git core.hooksPath is tampering only where our pre-commit check is installed', () => {
    const ctx: CommandContext = { ...TEST_CONTEXT, guard: { extra: [{ path: '/home/dev/project/.git/hooks/pre-commit', owner: 'git', kind: 'git-hook', what: 'the git pre-commit hook' }] } };
    assert.deepEqual(selfIds('git config core.hooksPath /dev/null', ctx), ['SELF005']);
    assert.deepEqual(selfIds('git config core.hooksPath /dev/null'), []);
    assert.deepEqual(selfIds('git config --get core.hooksPath', ctx), []);
  });

  it('BLAST_RADIUS_STRICTNESS only tightens: off from the environment leaves the policy as it is', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'br-self-env-'));
    try {
      const loaded = loadEffectivePolicy({ cwd: home, env: { BLAST_RADIUS_STRICTNESS: 'off' }, home, platform: 'linux' });
      assert.equal(loaded.policy.strictness, 'balanced');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('names guarded paths, and leaves look-alikes alone', () => {
    assert.equal(guardedFile('/home/u/.claude/settings.local.json')?.owner, 'claude-code');
    assert.equal(guardedFile('proj/.github/hooks/blast-radius.json')?.owner, 'copilot-cli');
    assert.equal(guardedFile('/etc/claude-code/managed-settings.d/10-team.json')?.owner, 'claude-code');
    assert.equal(guardedFile('/home/u/.config/Code/User/settings.json')?.kind, 'editor-settings');
    assert.equal(guardedFile('/home/u/src/app/settings.json'), undefined);
    assert.equal(guardedPath('/home/u/src/blast-radius'), undefined);
    assert.equal(guardedPath('/home/u/.vscode/extensions/blast-radius.blast-radius-0.1.0')?.kind, 'extension');
    assert.equal(guardedPath('/home/u/.local', { home: '/home/u', dataDir: '/home/u/.local/share/blast-radius' })?.kind, 'launcher');
  });
});

describe('self-protection: edits, with the installers as the reference', () => {
  it('the four issue holes as edits: policy off, disableAllHooks, our Codex block gone', () => {
    assert.deepEqual(editIds('/home/u/.config/blast-radius/policy.json', undefined, '{"strictness":"off"}'), ['SELF001']);
    assert.deepEqual(editIds('.claude/settings.local.json', '{\n  "permissions": {}\n}\n', '{\n  "permissions": {},\n  "disableAllHooks": true\n}\n'), ['SELF009']);
    const launchers = ['/home/u/.local/share/blast-radius/bin/blast-radius'];
    const codex = formatFor('codex', '/home/u/.codex/config.toml', { launcher: launchers[0], launchers, platform: 'linux' });
    const installed = codex.add('model = "o4"\n');
    assert.deepEqual(editIds('/home/u/.codex/config.toml', installed, 'model = "o4"\n'), ['SELF008']);
  });

  for (const agent of AGENT_IDS) {
    for (const scope of ['user', 'project'] as const) {
      const host = hostEnv({ env: {}, home: '/home/u', platform: 'linux' });
      for (const file of settingsFiles(agent, scope, host, '/home/u/proj')) {
        const launchers = ['/home/u/.local/share/blast-radius/bin/blast-radius'];
        if (formatFor(agent, file, { launcher: launchers[0], launchers, platform: 'linux' }).ownsFile) {
          // A hook file that is ours whole (Cline's script, opencode's plugin): deleting, moving or
          // emptying it from the shell is tampering, and so is an agent's file tool editing it.
          it(`${agent} ${path.basename(file)} (${scope}): deleting, moving away or emptying our hook file is tampering`, () => {
            assert.ok(guardedFile(file), file);
            for (const line of [`rm -f ${file}`, `mv ${file} /tmp/x`, `truncate -s 0 ${file}`, `: > ${file}`, `rm -rf ${path.dirname(file)}`]) {
              assert.ok(selfIds(line).some((id) => id.startsWith('SELF')), line);
            }
            assert.deepEqual(selfIds(`cat ${file}`), []);
          });
          it(`${agent} ${path.basename(file)} (${scope}): an edit of our hook file is SELF008; our own rewrite with another launcher is quiet`, () => {
            const format = formatFor(agent, file, { launcher: launchers[0], launchers, platform: 'linux' });
            const installed = format.add(undefined);
            const moved = '/home/u/.config/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius';
            const reinstalled = formatFor(agent, file, { launcher: moved, launchers: [moved, ...launchers], platform: 'linux' }).add(undefined);
            assert.notEqual(reinstalled, installed);
            assert.deepEqual(editIds(file, undefined, installed), [], 'installing is quiet');
            assert.deepEqual(editIds(file, installed, reinstalled), [], 'our reinstall with another launcher is quiet');
            // What an agent's Edit/Write/apply_patch/replace_in_file would do to it.
            const lines = installed.split('\n');
            const lastCode = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.trim() && !/^(#|\/\/)/.test(l)).pop()?.i ?? 0;
            const neutered = [...lines.slice(0, lastCode), agent === 'cline' ? 'exit 0' : 'export const BlastRadius = async () => ({});', ...lines.slice(lastCode + 1)].join('\n');
            assert.deepEqual(editIds(file, installed, neutered), ['SELF008'], 'a line changed');
            assert.deepEqual(editIds(file, installed, ''), ['SELF008'], 'emptied');
            assert.deepEqual(editIds(file, installed, undefined), ['SELF008'], 'deleted');
            assert.deepEqual(editIds(file, installed, installed.replace('hook ', 'hook --strictness off ')), ['SELF008'], 'its command changed');
          });
          continue;
        }
        it(`${agent} ${path.basename(file)} (${scope}): installing is quiet, removing our entry and deleting the file are SELF008`, () => {
          const format = formatFor(agent, file, { launcher: launchers[0], launchers, platform: 'linux' });
          const original = file.endsWith('.toml') ? 'model = "o4"\n' : '{\n  "theme": "dark"\n}\n';
          const installed = format.add(original);
          assert.notEqual(installed, original);
          assert.deepEqual(editIds(file, original, installed), [], 'adding our hook is quiet');
          assert.deepEqual(editIds(file, undefined, format.add(undefined)), [], 'a new file with our hook is quiet');
          assert.deepEqual(editIds(file, installed, format.remove(installed)), ['SELF008']);
          assert.deepEqual(editIds(file, installed, undefined), ['SELF008']);
        });
      }
    }
  }

  it('switching hooks off is SELF009 for every agent, switching them back on is quiet', () => {
    const cases: [string, string, string][] = [
      ['/home/u/.claude/settings.json', '{}', '{"disableAllHooks": "yes"}'],
      ['/etc/claude-code/managed-settings.json', '{}', '{"allowManagedHooksOnly": true}'],
      ['/home/u/.gemini/settings.json', '{"hooksConfig": {}}', '{"hooksConfig": {"enabled": false}}'],
      ['/home/u/.gemini/settings.json', '{"hooksConfig": {"disabled": []}}', '{"hooksConfig": {"disabled": ["blast-radius"]}}'],
      ['/home/u/.copilot/settings.json', '{}', '{"disableAllHooks": true}'],
      ['/home/u/.copilot/hooks/blast-radius.json', '{"version": 1, "hooks": {}}', '{"version": 1, "disableAllHooks": true, "hooks": {}}'],
      ['/home/u/.codex/config.toml', 'model = "o4"\n', 'model = "o4"\n[profiles.fast.features]\ncodex_hooks = false\n'],
      ['/home/u/.codex/config.toml', '[hooks.state."/home/u/.codex/config.toml:pre_tool_use:0:0"]\ntrusted_hash = "x"\n', '[hooks.state."/home/u/.codex/config.toml:pre_tool_use:0:0"]\nenabled = false\ntrusted_hash = "x"\n'],
    ];
    for (const [file, before, after] of cases) {
      assert.deepEqual(editIds(file, before, after), ['SELF009'], `${file}: ${after}`);
      assert.deepEqual(editIds(file, after, before), [], `${file}: back on`);
    }
  });

  it('the launcher and the git hook: our own rewrite with new paths is quiet, anything else is SELF010', () => {
    const file = '/home/u/.local/share/blast-radius/bin/blast-radius';
    const v1 = launcherText('linux', '/usr/bin/node', '/opt/br-1/dist/cli.js');
    const v2 = launcherText('linux', '/usr/local/bin/node', '/opt/br-2/dist/cli.js');
    assert.deepEqual(editIds(file, v1, v2), []);
    assert.deepEqual(editIds(file, v1, '#!/bin/sh\nexit 0\n'), ['SELF010']);
    assert.deepEqual(editIds(file, v1, v1.replace('exec "$node" "$cli" "$@"', 'exit 0')), ['SELF010']);
    assert.deepEqual(editIds(file, v1, undefined), ['SELF010']);
    const hook = '/home/u/proj/.git/hooks/pre-commit';
    const git = gitHookFormat('/home/u/.local/share/blast-radius/bin/blast-radius', ['/home/u/.local/share/blast-radius/bin/blast-radius'], 'linux');
    const original = '#!/bin/sh\nnpm run lint\n';
    const withOurs = git.add(original);
    assert.deepEqual(editIds(hook, original, withOurs), []);
    assert.deepEqual(editIds(hook, withOurs, git.remove(withOurs)), ['SELF010']);
    assert.deepEqual(editIds(hook, withOurs, withOurs.replace('#!/bin/sh\n', '#!/bin/sh\nexit 0\n')), ['SELF010']);
  });
});

describe('self-protection: the record hooks status and the editor read', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'br-tamper-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('keeps entries newest first, redacts secrets, and cuts the file to its newest entries', () => {
    const host = hostEnv({ env: {}, home, platform: 'linux' });
    for (let i = 0; i < 1200; i++) {
      assert.equal(recordTampering(host, { source: 'codex hook', command: `sed -i /x/d ~/.codex/config.toml # ${i} ${'p'.repeat(200)}`, ruleIds: ['SELF005'], message: 'Edits in place ~/.codex/config.toml', outcome: 'refused' }), undefined);
    }
    recordTampering(host, { source: 'claude-code hook', command: 'GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 blast-radius hooks uninstall codex', ruleIds: ['SELF006'], message: 'Removes the Blast Radius hook of codex.', outcome: 'asked' });
    const file = path.join(home, '.local', 'share', 'blast-radius', 'tampering.jsonl');
    const text = readFileSync(file, 'utf8');
    assert.ok(text.length <= 256 * 1024 + 1024, `file kept small: ${text.length}`);
    assert.ok(!text.includes('ghp_abcdefghijklmnopqrstuvwxyz'), 'the token is redacted');
    const recent = readTampering(host, 3);
    assert.equal(recent[0].ruleIds[0], 'SELF006');
    assert.match(recent[1].command ?? '', /# 1199 /);
    assert.match(tamperLine(recent[0]), /^\d{4}-\d\d-\d\d \d\d:\d\d, `GITHUB_TOKEN=\[REDACTED\] blast-radius hooks uninstall codex` \(Removes the Blast Radius hook of codex; SELF006, seen by the claude-code hook\) — asked the user$/);
  });

  it('an unwritable record is reported, never thrown', () => {
    const host = hostEnv({ env: { XDG_DATA_HOME: path.join(home, 'file') }, home, platform: 'linux' });
    writeFileSync(path.join(home, 'file'), 'not a folder');
    assert.match(recordTampering(host, { source: 'x', ruleIds: [], message: 'm', outcome: 'refused' }) ?? '', /EEXIST|ENOTDIR/);
    assert.deepEqual(readTampering(host), []);
  });
});
