import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/core/engine';
import { COMMAND_RULES } from '../../src/core/rules/index';
import { describeRow } from '../../src/node/hooks/install';
import { capitalizeFirst } from '../../src/core/sentence-case';
import { commandNotificationText, verdictText } from '../../src/core/ui-text';
import { TEST_CONTEXT } from '../helpers/context';

describe('sentence case of finding messages', () => {
  it('capitalises an ordinary first word', () => {
    assert.equal(capitalizeFirst('deletes every row of the table'), 'Deletes every row of the table');
    assert.equal(capitalizeFirst('asks before high'), 'Asks before high');
  });

  it('leaves program names, files and options as typed', () => {
    for (const s of ['kubectl delete deletes the namespace', 'terraform destroy removes everything', 'git clean -fdx deletes untracked files', 'rm -rf removes src', 'package.json loses its scripts', './deploy.sh runs', '--force skips the check']) {
      assert.equal(capitalizeFirst(s), s);
    }
  });

  it('no message of any rule example starts with a capitalised program name in the notification or the verdict', () => {
    let checked = 0;
    for (const r of COMMAND_RULES) {
      const programs = new Set(r.triggers.flatMap((t) => t.programs));
      for (const ex of r.examples.fire) {
        for (const f of evaluateCommand(ex, { ctx: TEST_CONTEXT }).findings) {
          const first = /^\S+/.exec(f.message)?.[0]?.replace(/[:,;.]+$/, '') ?? '';
          const top = { ruleId: f.ruleId, score: f.score, message: f.message, alternative: f.alternative };
          const shown = [commandNotificationText(ex, top, 0), verdictText(ex, 'gate', f.score, 'balanced', top)];
          const head = f.message.trim().replace(/\.$/, '').slice(0, 40);
          if (programs.has(first)) {
            checked++;
            for (const text of shown) assert.ok(text.includes(head), `${f.ruleId} on ${ex} capitalised its program: ${text}`);
          } else if (/^[a-z]+$/.test(first) && !programs.has(first)) {
            // An ordinary first word still starts a sentence.
            const cap = `${head.charAt(0).toUpperCase()}${head.slice(1)}`;
            if (capitalizeFirst(head) === cap) for (const text of shown) assert.ok(text.includes(cap), `${f.ruleId} on ${ex}: ${text}`);
          }
        }
      }
    }
    assert.ok(checked > 20, `only ${checked} messages start with their program`);
  });

  it("an agent's status line keeps the agent's program name as typed", () => {
    const row = { agent: 'opencode' as const, scope: 'user' as const, file: '/x', installed: true, commands: [], health: 'cannot-verify' as const };
    assert.match(describeRow({ ...row, problems: [{ health: 'cannot-verify', detail: 'opencode keeps no record of the plugins it loaded' }] }), /\. opencode keeps/);
    assert.match(describeRow({ ...row, problems: [{ health: 'cannot-verify', detail: 'the launcher is broken' }] }), /\. The launcher is broken$/);
  });
});
