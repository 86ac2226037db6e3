import assert from 'node:assert/strict';
import { cmdQuote, launcherScript, shQuote } from '../../src/core/launcher-script';
import { ruleMetaById } from '../../src/core/rule-meta';
import { SEVERITY_MEANING, STRICTNESS_LEVELS } from '../../src/core/types';
import {
  commandNotificationText,
  eventDetailsMarkdown,
  eventTitle,
  formatCountdown,
  shortCommand,
  statusBarView,
  strictnessMeaning,
  strictnessPickItems,
} from '../../src/core/ui-text';
import { containingFolder, isInside, resolveWorkspaceRoot } from '../../src/core/workspace-root';

describe('workspace root of a command', () => {
  const folders = ['/home/dev/app', '/home/dev/app/packages/api', '/srv/infra'];

  it('picks the deepest folder holding the cwd', () => {
    assert.equal(containingFolder('/home/dev/app/src', folders), '/home/dev/app');
    assert.equal(containingFolder('/home/dev/app/packages/api/src', folders), '/home/dev/app/packages/api');
    assert.equal(containingFolder('/srv/infra', folders), '/srv/infra');
    assert.equal(containingFolder('/srv/infra/', folders), '/srv/infra');
  });

  it('does not confuse a sibling with a common prefix', () => {
    assert.equal(containingFolder('/home/dev/application', folders), undefined);
    assert.equal(isInside('/srv/infrastructure', '/srv/infra'), false);
  });

  it('defaults to the first folder', () => {
    assert.equal(resolveWorkspaceRoot('/tmp', folders), '/home/dev/app');
    assert.equal(resolveWorkspaceRoot(undefined, folders), '/home/dev/app');
    assert.equal(resolveWorkspaceRoot('/tmp', []), undefined);
  });

  it('compares Windows paths without case and with either separator', () => {
    assert.equal(containingFolder('c:\\Users\\Dev\\App\\src', ['C:\\Users\\dev\\app']), 'C:\\Users\\dev\\app');
    assert.equal(containingFolder('C:/Users/dev/app/src', ['C:\\Users\\dev\\app\\']), 'C:\\Users\\dev\\app\\');
    assert.equal(isInside('C:\\x', '/x'), false);
    assert.equal(isInside('/anything', '/'), true);
  });
});

describe('launcher script', () => {
  it('quotes for sh and cmd', () => {
    assert.equal(shQuote(`it's`), `'it'\\''s'`);
    assert.equal(cmdQuote('C:\\100%\\node.exe'), '"C:\\100%%\\node.exe"');
  });

  it('writes a cmd file on Windows', () => {
    const s = launcherScript('win32', 'C:\\Program Files\\Code\\Code.exe', 'C:\\ext\\dist\\cli.js');
    assert.equal(s.fileName, 'blast-radius.cmd');
    assert.match(s.text, /set "BR_NODE=C:\\Program Files\\Code\\Code\.exe"\r\nset "BR_CLI=C:\\ext\\dist\\cli\.js"\r\n/);
    assert.match(s.text, /set "ELECTRON_RUN_AS_NODE=1"\r\n[^]*"%BR_NODE%" "%BR_CLI%" %\*/);
  });

});

describe('status bar and strictness pick', () => {
  it('says what each level does, from the decision table', () => {
    assert.equal(strictnessMeaning('balanced'), 'Asks before high and critical; warns on medium.');
    assert.equal(strictnessMeaning('relaxed'), 'Asks before critical; warns on medium and high.');
    assert.equal(strictnessMeaning('strict'), 'Asks before medium, high and critical; warns on low.');
    assert.match(strictnessMeaning('off'), /^No warnings/);
    assert.match(strictnessMeaning('paranoid'), /everything/);
  });

  it('counts down', () => {
    assert.equal(formatCountdown(15 * 60_000), '15:00');
    assert.equal(formatCountdown(14 * 60_000 + 32_000), '14:32');
    assert.equal(formatCountdown(14 * 60_000 + 31_001), '14:32');
    assert.equal(formatCountdown(3_723_000), '1:02:03');
    assert.equal(formatCountdown(-5), '0:00');
  });

  it('shows the level and the open count, and a countdown with a warning while paused', () => {
    const now = 1_000_000;
    const v = statusBarView({ strictness: 'balanced', openCount: 2, pausedUntilMs: 0, now });
    assert.equal(v.text, '$(shield) Balanced · 2');
    assert.equal(v.warning, false);
    assert.match(v.tooltip, /\*\*Balanced\*\* \(current\)/);
    const p = statusBarView({ strictness: 'balanced', openCount: 0, pausedUntilMs: now + 14 * 60_000 + 32_000, now });
    assert.equal(p.text, '$(debug-pause) Paused 14:32');
    assert.equal(p.warning, true);
    assert.equal(statusBarView({ strictness: 'off', openCount: 0, pausedUntilMs: 0, now }).warning, true);
    assert.match(statusBarView({ strictness: 'strict', userStrictness: 'relaxed', openCount: 0, pausedUntilMs: 0, now }).tooltip, /this workspace asks for Strict/);
  });

  it('marks the user level and says when the workspace keeps a stricter one', () => {
    const items = strictnessPickItems({ user: 'relaxed', workspace: 'strict', paused: false, pausedUntilMs: 0, now: 0, pauseMinutes: 15 });
    assert.equal(items.length, STRICTNESS_LEVELS.length + 1);
    const levels = items.filter((i) => i.kind === 'level');
    assert.deepEqual(levels.filter((i) => i.current).map((i) => i.level), ['relaxed']);
    assert.match(levels.find((i) => i.level === 'off')!.detail, /This workspace asks for Strict/);
    assert.doesNotMatch(levels.find((i) => i.level === 'paranoid')!.detail, /workspace/);
    assert.equal(items.at(-1)!.kind, 'pause');
    const paused = strictnessPickItems({ paused: true, pausedUntilMs: 60_000, now: 0, pauseMinutes: 15 });
    assert.equal(paused.at(-1)!.kind, 'resume');
    assert.equal(paused.find((i) => i.kind === 'level' && i.current)?.label, '$(check) Balanced');
  });
});

describe('notifications and event details', () => {
  const finding = { ruleId: 'IAC001', severity: 'critical' as const, score: 92, decision: 'gate' as const, message: 'terraform destroy deletes every resource.', alternative: 'terraform plan -destroy first' };

  it('names what may be destroyed, the rule, the score and the safer way', () => {
    const t = commandNotificationText('terraform destroy -auto-approve', finding, 1);
    assert.match(t, /"terraform destroy -auto-approve"/);
    assert.match(t, / terraform destroy deletes every resource\. \[IAC001, score 92\] \(\+1 more finding\) Safer: terraform plan -destroy first/);
  });

  it('keeps commands on one bounded line', () => {
    assert.equal(shortCommand('a\n  b   c', 80), 'a ⏎ b c');
    assert.equal(shortCommand('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
  });

  it('titles an event by what it was and how it ended, without a slash (it names a tab)', () => {
    assert.equal(eventTitle({ kind: 'command', command: 'rm -rf src', status: 'blocked' }), 'rm -rf src · not run');
    assert.equal(eventTitle({ kind: 'command', command: 'make clean', status: 'finished', exitCode: 2 }), 'make clean · exit 2');
    assert.equal(eventTitle({ kind: 'edit', file: 'infra/db.tf', status: 'reverted' }), 'infra\u2044db.tf · reverted');
    assert.equal(eventTitle({ kind: 'batch', files: ['a', 'b', 'c'], status: 'restored' }), '3 files · restored');
    const md = eventDetailsMarkdown({ kind: 'command', when: 'now', command: 'rm -rf src/*', score: 72, severity: 'high', decision: 'gate', status: 'blocked', attribution: '', findings: [] });
    assert.match(md, /^# rm -rf src\/\\\* · not run\n\nBlast Radius · Terminal command\n/);
  });

  it('fences commands so backticks cannot break out', () => {
    const md = eventDetailsMarkdown({
      kind: 'command', when: 'now', command: 'echo ```; rm -rf /', cwd: '/w|x', score: 92, severity: 'critical', decision: 'gate', status: 'finished', exitCode: 127,
      attribution: 'run in terminal "bash"', findings: [finding], docs: { IAC001: 'https://example.invalid/IAC001.md' },
    });
    assert.match(md, /^````bash\necho ```; rm -rf \/\n````$/m);
    assert.match(md, /\| Directory \| \/w\\\|x \|/);
    assert.match(md, /exit code 127/);
    assert.match(md, /### \[IAC001\]\(https:\/\/example\.invalid\/IAC001\.md\) · critical · score 92 · needs confirmation/);
    assert.match(md, /\*Safer:\* terraform plan -destroy first/);
  });

  it('says why each finding matters in its rule\'s own rationale (the hover\'s words), not the severity\'s generic meaning', () => {
    const rule = ruleMetaById('IAC001');
    assert.ok(rule);
    const md = eventDetailsMarkdown({ kind: 'command', when: 'now', command: 'terraform destroy', score: 92, severity: 'critical', decision: 'gate', status: 'blocked', attribution: '', findings: [finding], rules: { IAC001: rule } });
    assert.ok(md.includes(`*Why it matters:* ${rule.rationale}`), md);
    assert.ok(!md.includes(SEVERITY_MEANING.critical), md);
    // A finding without a rule (the stop's) says what its severity means.
    assert.ok(eventDetailsMarkdown({ kind: 'command', when: 'now', command: 'x', score: 92, severity: 'critical', decision: 'gate', status: 'blocked', attribution: '', findings: [finding] }).includes(`*Why it matters:* ${SEVERITY_MEANING[finding.severity]}`));
  });

  it('says where each finding\'s command acts: production, unknown or the target', () => {
    const details = (environment?: Parameters<typeof eventDetailsMarkdown>[0]['findings'][number]['environment']): string =>
      eventDetailsMarkdown({ kind: 'command', when: 'now', command: 'terraform apply', score: 60, severity: 'high', decision: 'gate', status: 'ran', attribution: '', findings: [{ ...finding, environment }] });
    assert.match(details({ production: true, label: 'Terraform workspace `prod`', key: 'k' }), /\n\*Where:\* PRODUCTION — Terraform workspace `prod`\n/);
    assert.match(details({ production: false, label: '', unknown: ['~/.kube/config could not be parsed'], key: '' }), /\n\*Where:\* unknown — ~\/\.kube\/config could not be parsed\n/);
    assert.match(details({ production: false, label: 'kube context `dev-eu-1`', key: 'k' }), /\n\*Where:\* kube context `dev-eu-1`\n/);
    assert.doesNotMatch(details(undefined), /Where/);
  });
});
