import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/core/engine';
import { pathInText } from '../../src/core/follow/state';
import { confirmDialog } from '../../src/core/gate/answer';
import { kindName } from '../../src/core/plain-text';
import type { CommandResult } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';
import { repeatedWord } from '../helpers/proofread';

// What a person reads in the rules' messages, fixed in the shared text builders.
describe('proofread messages', () => {
  it('a bare "." names the current folder instead of reading as a full stop', () => {
    const r = evaluateCommand('aws s3 sync --delete . s3://www-assets', { ctx: TEST_CONTEXT });
    const m = r.findings.find((f) => f.ruleId === 'CLD003')?.message ?? '';
    assert.match(m, /missing from the current folder \(\.\) \(s3 sync --delete\)/, m);
  });

  it('a path that starts or ends with a space is quoted, so it does not read as a gap', () => {
    const ctx = { ...TEST_CONTEXT, workspaceRoot: '/w' };
    assert.equal(pathInText('/w/rm -rf ', ctx), '"rm -rf "');
    assert.equal(pathInText('/w/scripts/reset.sh', ctx), 'scripts/reset.sh');
  });

  it('the dialog does not call what could not be checked "what it would destroy"', () => {
    const result: CommandResult = {
      command: 'bash install.sh',
      score: 45,
      severity: 'medium',
      decision: 'gate',
      findings: [{ ruleId: 'UNK001', category: 'unanalyzable', severity: 'medium', score: 45, decision: 'gate', message: 'bash: install.sh does not exist (yet), so what it would run cannot be read', alternative: 'Read what it runs first.', span: { start: 0, end: 4 } }],
    };
    const d = confirmDialog(result, { timeoutSeconds: 60 });
    assert.match(d.detail, /\nWhat could not be checked: bash: install\.sh does not exist/);
    assert.doesNotMatch(d.detail, /What it would destroy/);
    const rm = confirmDialog(evaluateCommand('rm -rf src', { ctx: TEST_CONTEXT }), { timeoutSeconds: 60 });
    assert.match(rm.detail, /\nWhat it would destroy: /);
  });
});

/**
 * The first pair of adjacent words that repeat ("the secret secret/app", "the database database"),
 * without case and quotes, or undefined. A name that starts with the word before it (`secret/app`
 * after "secret") counts too. Words split by punctuation ("in it; it looks") or a bracket, and
 * words without a letter (code such as `} }`), do not.
 */
describe('proofread: no repeated words', () => {
  it('the detector finds a stutter and passes plain sentences', () => {
    assert.equal(repeatedWord('deletes the secret secret/app with every version'), 'secret secret/app');
    assert.equal(repeatedWord('drops the database `database`.'), 'database `database`.');
    assert.equal(repeatedWord('deletes the queue and every message in it; it looks like production'), undefined);
    assert.equal(repeatedWord('use `removed { lifecycle { destroy = false } }`'), undefined);
  });

  it('kindName keeps a name that repeats its kind apart from it, and leaves other names as they were', () => {
    assert.equal(kindName('secret', 'secret/app'), 'secret named secret/app');
    assert.equal(kindName('PostgreSQL database', 'database'), 'PostgreSQL database named database');
    assert.equal(kindName('volumes', 'volume, data'), 'volumes named volume, data');
    assert.equal(kindName('web app', 'api'), 'web app api');
    assert.equal(kindName('web app', 'apps-prod'), 'web app apps-prod');
  });

  it('a resource named like its kind reads without a stutter', () => {
    const say = (line: string) => evaluateCommand(line, { ctx: TEST_CONTEXT }).findings.map((f) => f.message).join(' | ');
    assert.match(say('vault kv metadata delete secret/app'), /the secret named secret\/app/);
    assert.match(say('dropdb database'), /the PostgreSQL database named database/);
    assert.match(say('kubectl delete ns namespace'), /namespace named namespace/);
    assert.match(say('az webapp delete -n app -g rg'), /the web app named app/);
    assert.match(say('kubectl delete crd/certificates.cert-manager.io'), /removes CRD certificates\.cert-manager\.io/);
    assert.match(say('semantic-release'), /^semantic-release releases the next version/);
  });
});
