import assert from 'node:assert/strict';
import { alwaysAllowRefusal, answerForOutcome, canAlwaysAllow, confirmDialog, immediateAnswer, refusalReason, refusalSummary, warnNotificationText } from '../../src/core/gate/answer';
import { hasRcLine, rcLine, RC_MARKER, withoutRcLine, withRcLine } from '../../src/core/gate/rc-file';
import { askScript, bashHookScript, gateFiles, isShimmable, SHIM_MARKER, shimPrograms, shimScript, triggersScript, zshHookScript } from '../../src/core/gate/scripts';
import { existingTerminalsNotice, gateTooltipLines, terminalGuard } from '../../src/core/gate/terminals';
import { evaluateCommand } from '../../src/core/engine';
import { fixedReader } from '../../src/core/environment/index';
import { triggerIndex } from '../../src/core/rules/index';
import { parseConfigYaml } from '../../src/node/config-yaml';

const PATHS = { binDir: "/home/u/.config/Code/User/globalStorage/blast-radius.blast-radius/bin", gateDir: "/home/u/it's/gate", bash: '/bin/bash' };

describe('confirm gate scripts', () => {
  it('shims real programs named by the trigger index, never cmdlets, builtins or what is not installed', () => {
    const index = triggerIndex();
    for (const p of ['rm', 'git', 'terraform', 'kubectl', 'find', 'xargs', 'sudo', 'bash', 'mkfs.ext4', 'docker-compose', 'python3.11']) assert.ok(isShimmable(p), p);
    for (const p of ['remove-item', 'format-volume', 'invoke-expression', 'iex', 'cmd.exe', 'pwsh.exe', 'source', '.', 'eval', 'cd', 'echo', 'printf', 'rd', 'del']) assert.equal(isShimmable(p), false, p);
    const programs = shimPrograms(index, (p) => ['rm', 'git', 'remove-item', 'echo'].includes(p));
    assert.deepEqual(programs, ['git', 'rm']);
    const all = shimPrograms(index, () => true);
    assert.ok(all.length > 150, `${all.length}`);
    assert.ok(all.every(isShimmable));
  });

  it('a shim carries its trigger words, or asks for every invocation', () => {
    const index = triggerIndex();
    const git = shimScript('git', index.get('git')!, PATHS);
    assert.match(git, new RegExp(`^#!/bin/sh\\n# ${SHIM_MARKER} for "git"`));
    assert.match(git, /br_words=' [^']*\bpush\b[^']*\breset\b[^']* '/);
    assert.match(git, /br_risky=0\nfor br_a do/);
    const rm = shimScript('rm', index.get('rm')!, PATHS);
    assert.match(rm, /br_risky=1\n/);
    assert.doesNotMatch(rm, /for br_a do/);
    assert.match(rm, /exec "\$br_real" "\$@"/);
    // Paths are single-quoted for sh, quotes inside them escaped.
    assert.match(askScript(PATHS), /__br_gate_dir='\/home\/u\/it'\\''s\/gate'/);
  });

  it('every file is produced, and no template placeholder leaks', () => {
    const index = triggerIndex();
    const files = gateFiles(index, ['git', 'rm'], PATHS);
    assert.deepEqual(files.map((f) => `${f.folder}/${f.name}`), ['gate/ask.bash', 'gate/triggers.bash', 'gate/hook.bash', 'gate/hook.zsh', 'bin/git', 'bin/rm']);
    for (const f of files) {
      assert.doesNotMatch(f.text, /undefined|\[object Object\]/, f.name);
      assert.ok(f.text.endsWith('\n'), f.name);
    }
    assert.match(triggersScript(index), /\['git'\]=__br_gate_w\d+/);
    assert.match(triggersScript(index), /\['rm'\]='\*'/);
    assert.match(bashHookScript(PATHS), /shopt -s extdebug/);
    assert.match(zshHookScript(PATHS), /zle -N accept-line __br_gate_accept_line/);
  });

  it('adds the rc line once, replaces an old one, and removes only ours', () => {
    const line = rcLine('bash');
    assert.ok(line.includes(RC_MARKER));
    assert.match(line, /^\[ -n "\$\{BLAST_RADIUS_GATE-\}" \] && \[ -f "\$BLAST_RADIUS_GATE\/hook\.bash" \] && \[ -O /);
    const user = 'export EDITOR=vim\nalias ll="ls -l"\n';
    const added = withRcLine(user, 'bash');
    assert.equal(added.changed, true);
    assert.equal(added.text, `${user}${line}\n`);
    assert.equal(withRcLine(added.text, 'bash').changed, false);
    const old = `${user}. old-hook ${RC_MARKER}: old\n`;
    assert.equal(withRcLine(old, 'bash').text, `${user}${line}\n`);
    assert.equal(withoutRcLine(added.text).text, user);
    assert.equal(withoutRcLine(user).changed, false);
    assert.equal(withRcLine('', 'zsh').text, `${rcLine('zsh')}\n`);
    assert.equal(withRcLine('a\r\nb\r\n', 'zsh').text, `a\r\nb\r\n${rcLine('zsh')}\r\n`);
    assert.equal(withoutRcLine(withRcLine('no newline at end', 'bash').text).text, 'no newline at end\n');
    assert.ok(hasRcLine(added.text));
  });
});

describe('confirm gate answers and dialog', () => {
  const ctx = { cwd: '/w', workspaceRoot: '/w', home: '/root', tempDirs: ['/tmp'], shell: 'bash' as const };

  it('allow and warn need no person; gate does', () => {
    assert.deepEqual(immediateAnswer(evaluateCommand('ls', { ctx })), { verdict: 'allow' });
    assert.equal(immediateAnswer(evaluateCommand('git branch -D x', { ctx }))?.verdict, 'warn');
    assert.equal(immediateAnswer(evaluateCommand('rm -rf src', { ctx })), undefined);
  });

  it("Don't run comes first as the primary button (VS Code adds its own Cancel); Always allow only for a literal line in a workspace", () => {
    const result = evaluateCommand('rm -rf src', { ctx });
    const d = confirmDialog(result, { cwd: '/w', origin: 'typed in terminal "bash"', timeoutSeconds: 120, workspace: '/w' });
    assert.deepEqual(d.buttons.map((b) => [b.title, b.isCloseAffordance]), [
      ["Don't run", false],
      ['Run once', false],
      ['Always allow here', false],
    ]);
    assert.match(d.detail, /\nAlways allow here lets "rm -rf src" run without asking in \/w\.\n/);
    assert.match(d.detail, /^rm -rf src\n\(in \/w, typed in terminal "bash"\)\n\nScore 72 · high · FS001\nWhat it would destroy: .+\nSafer: .+/);
    assert.match(d.detail, /no answer within 120 s all count as Don't run\. An answer after that runs nothing\.$/);
    assert.equal(d.message, 'Blast Radius: run this command? High risk, score 72. It waits at most 120 s for your answer.');
    // With the clock time the wait ends, the dialog never claims to be waiting after it.
    const timed = confirmDialog(result, { timeoutSeconds: 120, until: '14:05:09', workspace: '/w' });
    assert.equal(timed.message, 'Blast Radius: run this command? High risk, score 72. It waits for your answer until 14:05:09.');
    assert.match(timed.detail, /no answer by 14:05:09 \(120 s\) all count as Don't run\. An answer after that runs nothing\.$/);
    assert.doesNotMatch(timed.message + timed.detail, /waiting for you|until you answer/);
    const star = confirmDialog(evaluateCommand('rm -rf src/*', { ctx }), { timeoutSeconds: 120, workspace: '/w' });
    assert.deepEqual(star.buttons.map((b) => b.choice), ['dont-run', 'run-once']);
    assert.equal(canAlwaysAllow('rm -rf src/*'), false);
    const nowhere = confirmDialog(result, { timeoutSeconds: 120 });
    assert.deepEqual(nowhere.buttons.map((b) => b.choice), ['dont-run', 'run-once']);
  });

  it('Always allow is not offered for a critical finding, and the gate refuses to add one for it anyway', () => {
    for (const line of ['terraform destroy -auto-approve', 'rm -rf /', 'kubectl delete namespace web']) {
      const result = evaluateCommand(line, { ctx });
      assert.equal(result.severity, 'critical', line);
      const d = confirmDialog(result, { timeoutSeconds: 120, workspace: '/w' });
      assert.deepEqual(d.buttons.map((b) => b.title), ["Don't run", 'Run once'], line);
      assert.match(d.detail, /\nIt is critical, so it can be run once but not allowed for good\.\n/, line);
      assert.equal(alwaysAllowRefusal(result, '/w'), 'It is critical, so it can be run once but not allowed for good.');
    }
    // High is still offered, as the widest answer and the last button.
    const high = evaluateCommand('git reset --hard', { ctx });
    assert.equal(alwaysAllowRefusal(high, '/w'), undefined);
    assert.equal(confirmDialog(high, { timeoutSeconds: 120, workspace: '/w' }).buttons.at(-1)?.choice, 'always-allow');
  });

  it("a dismissal is said as one, never as an answer of Don't run, also in the cool-down after it", () => {
    const result = evaluateCommand('rm -rf src', { ctx });
    const dismissed = refusalReason(result, 'dismissed', 120);
    assert.match(dismissed, /^not run: "rm -rf src" — FS001 .+ The dialog was dismissed in the editor \(Cancel, Escape or closing it\), which is the same as Don't run\.$/);
    assert.doesNotMatch(dismissed, /You answered/);
    const after = refusalReason(result, 'cooldown', 120, 'dismissed');
    assert.match(after, /The dialog for this same command was dismissed a moment ago \(the same as Don't run\)/);
    assert.doesNotMatch(after, /You answered/);
    assert.match(refusalReason(result, 'cooldown', 120, 'dont-run'), /You answered Don't run to this same command a moment ago/);
    assert.match(refusalReason(result, 'cooldown', 120, 'timeout'), /Nobody confirmed this same command within 120 s a moment ago/);
    assert.equal(refusalSummary('rm -rf src', 'dismissed'), `dismissed: "rm -rf src" was not run (the same as Don't run)`);
    assert.equal(refusalSummary('rm -rf src', 'dont-run'), `answered Don't run: "rm -rf src" was not run`);
    assert.equal(refusalSummary('rm -rf src', 'cooldown', 'dismissed'), 'refused: "rm -rf src" was not run; the same command was dismissed a moment ago');
  });

  it('the dialog says where the line acts; production is run-once only', () => {
    const files = { '/home/u/.kube/config': 'clusters:\n- name: c\n  cluster:\n    server: https://api.example.com\ncontexts:\n- name: prod-eu-1\n  context:\n    cluster: c\n    namespace: payments\ncurrent-context: prod-eu-1\n' };
    const env = { ...ctx, home: '/home/u', environment: fixedReader(files, {}, { yaml: parseConfigYaml }) };
    const d = confirmDialog(evaluateCommand('kubectl delete deployment web', { ctx: env }), { timeoutSeconds: 120, workspace: '/w' });
    assert.match(d.detail, /\nWhere: PRODUCTION — kube context "prod-eu-1", namespace "payments"\nWhat it would destroy: .+against production: kube context "prod-eu-1"/);
    assert.match(d.detail, /It acts on production, so it can be run once but not allowed for good\./);
    assert.deepEqual(d.buttons.map((b) => b.choice), ['dont-run', 'run-once']);
    const broken = { ...ctx, home: '/home/u', environment: fixedReader({ '/home/u/.kube/config': 'clusters: [\n' }, {}, { yaml: parseConfigYaml }) };
    const u = confirmDialog(evaluateCommand('kubectl delete namespace web', { ctx: broken }), { timeoutSeconds: 120, workspace: '/w' });
    assert.match(u.detail, /\nWhere: unknown — ~\/\.kube\/config could not be parsed/);
  });

  it('the warn note says the command was let run, which stays true after it ended (never "is running")', () => {
    const warned = evaluateCommand('git branch -D x', { ctx });
    assert.equal(warned.decision, 'warn');
    const text = warnNotificationText(warned, 'typed in terminal "bash"');
    assert.match(text, /^Blast Radius: let "git branch -D x" \(typed in terminal "bash"\) run with a warning\. .+ \[GIT\d+, score \d+\]$/);
    assert.doesNotMatch(text, /is running/);
  });

  it('a refusal is one line with the rule, what it would destroy, the safer way and why', () => {
    const result = evaluateCommand('rm -rf src', { ctx });
    const reason = refusalReason(result, 'timeout', 120);
    assert.doesNotMatch(reason, /\n/);
    assert.match(reason, /^not run: "rm -rf src" — FS001 \(high, score 72\): .+\. Safer: .+ Nobody confirmed it in the editor within 120 s/);
    assert.deepEqual(answerForOutcome(result, 'run-once', 120), { verdict: 'confirmed' });
    assert.equal(answerForOutcome(result, 'dismissed', 120).verdict, 'deny');
    assert.equal(answerForOutcome(result, 'queue-full', 120).verdict, 'deny');
  });
});

describe('confirm gate terminals', () => {
  const base = { platform: 'linux', openedBeforeGate: false, gateRunning: true };
  it('names what each terminal is guarded by', () => {
    assert.equal(terminalGuard({ ...base, shell: 'bash' }).level, 'guarded');
    assert.match(terminalGuard({ ...base, shell: 'bash' }).note, /absolute path/);
    assert.match(terminalGuard({ ...base, shell: 'bash', hookEnabled: true }).note, /each command line/);
    assert.equal(terminalGuard({ ...base, shell: 'fish' }).level, 'shims-only');
    assert.equal(terminalGuard({ ...base, shell: 'pwsh' }).level, 'shims-only');
    assert.equal(terminalGuard({ ...base, shell: 'pwsh', platform: 'win32' }).level, 'unguarded');
    assert.equal(terminalGuard({ ...base, shell: 'bash', openedBeforeGate: true }).level, 'unguarded');
    assert.equal(terminalGuard({ ...base, shell: 'bash', gateRunning: false }).level, 'unguarded');
  });

  it('the tooltip lists the terminals it cannot fully guard', () => {
    const lines = gateTooltipLines({ running: true, programs: 120, hookShells: ['bash'] }, [
      { name: 'bash', guard: terminalGuard({ ...base, shell: 'bash' }) },
      { name: 'fish *1*', guard: terminalGuard({ ...base, shell: 'fish' }) },
    ]);
    assert.equal(lines[0], '**Confirm gate**: on for 120 programs; whole-line check on for bash.');
    assert.equal(lines.length, 2);
    assert.match(lines[1], /Terminal "fish \\\*1\\\*" is partly guarded: fish:/);
    assert.match(existingTerminalsNotice(2), /^Blast Radius: 2 terminals were opened before/);
  });

  it('the tooltip says starting while the gate starts, and why it is off when it is', () => {
    assert.equal(gateTooltipLines({ running: true, starting: true, programs: 0, hookShells: [] }, [])[0], '**Confirm gate**: starting; until it listens, risky terminal commands are reported after they start.');
    assert.equal(gateTooltipLines({ running: false, offReason: 'no bash found', programs: 0, hookShells: [] }, [])[0], '**Confirm gate**: not running (no bash found); risky terminal commands are reported after they start.');
  });
});
