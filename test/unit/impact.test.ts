import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/core/engine';
import { type CommitLoss, describeImpact, fixedImpactReader, type ImpactCount, weighDeletion } from '../../src/core/impact/index';
import { emptyCount } from '../../src/core/impact/fixed';
import type { CommandContext } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';
import { fixedReader } from '../../src/core/environment/index';

const P = TEST_CONTEXT.workspaceRoot!;

function ctxWith(counts: Record<string, Partial<ImpactCount>>): CommandContext {
  return { ...TEST_CONTEXT, impact: fixedImpactReader(counts) };
}

const clean: Partial<ImpactCount> = { files: 32, folders: 4, bytes: 120_000, inRepository: true, tracked: 32 };
const dirty: Partial<ImpactCount> = { ...clean, files: 35, modified: 2, untracked: 3, lines: 4210 };

function fs001(cmd: string, ctx: CommandContext) {
  const res = evaluateCommand(cmd, { ctx });
  return { res, f: res.findings.find((x) => x.ruleId === 'FS001') };
}

describe('measured impact: the core model', () => {
  it('uncommitted or untracked work raises a medium deletion to high and says it in numbers', () => {
    const before = fs001('rm -rf scratch', TEST_CONTEXT).f;
    const { f, res } = fs001('rm -rf scratch', ctxWith({ [`${P}/scratch`]: { files: 3, folders: 1, bytes: 900, untracked: 3, lines: 41, inRepository: true } }));
    assert.equal(before?.severity, 'medium');
    assert.equal(f?.severity, 'high');
    assert.equal(res.decision, 'gate');
    assert.match(f.message, /3 files, 900 bytes; 3 files are not in git \(41 lines of text\), which cannot be restored from git/);
  });

  it('a tracked, unmodified folder inside the workspace is lowered one step (git restores it exactly): a warning with its numbers, not a gate', () => {
    const { f, res } = fs001('rm -rf src', ctxWith({ [`${P}/src`]: clean }));
    assert.equal(f?.severity, 'medium');
    assert.equal(res.decision, 'warn');
    assert.match(f.message, /32 files, 4 folders, 117 KB; every file is committed and unchanged, so git can restore it/);
  });

  it('a folder the path alone makes a warning is lowered to low when git restores all of it', () => {
    const { f, res } = fs001('rm -rf scratch', ctxWith({ [`${P}/scratch`]: { ...clean, files: 3, tracked: 3 } }));
    assert.equal(f?.severity, 'low');
    assert.equal(res.decision, 'allow');
  });

  it('the same folder with changes never committed stays high and counts them', () => {
    const { f } = fs001('rm -rf src', ctxWith({ [`${P}/src`]: dirty }));
    assert.equal(f?.severity, 'high');
    assert.match(f.message, /35 files.*2 files have changes that were never committed and 3 files are not in git \(4,210 lines of text\)/);
  });

  it('files the agent made in this session are not lost work', () => {
    const { f } = fs001('rm -rf src', ctxWith({ [`${P}/src`]: { ...clean, files: 34, untracked: 2, createdInSession: 2 } }));
    assert.equal(f?.severity, 'medium');
    assert.match(f.message, /2 files made in this session/);
  });

  it('a count that stopped at its bound weighs as if everything were lost', () => {
    const { f } = fs001('rm -rf src', ctxWith({ [`${P}/src`]: { ...clean, files: 10_000, tracked: 10_000, bounded: true } }));
    assert.equal(f?.severity, 'high');
    assert.match(f.message, /10,000\+ files/);
  });

  it('never lowers the workspace root, git\'s folder or anything outside the workspace', () => {
    const ctx = ctxWith({ [P]: clean, [`${P}/.git`]: clean, '/home/dev/other': clean });
    assert.equal(fs001('rm -rf .', ctx).f?.severity, 'critical');
    assert.equal(fs001('rm -rf .git', ctx).f?.severity, 'high');
    assert.equal(fs001('rm -rf /home/dev/other', ctx).f?.severity, 'high');
  });

  it('outside a repository every file is lost', () => {
    assert.equal(weighDeletion('medium', { ...emptyCount(), files: 2, untracked: 2 }, { mayLower: true }).severity, 'high');
    assert.equal(weighDeletion('medium', { ...emptyCount(), files: 2, tracked: 2 }, { mayLower: true }).severity, 'medium');
  });

  it('build output stays quiet and is never counted; one restorable target does not lower another', () => {
    let asked = 0;
    const ctx: CommandContext = { ...TEST_CONTEXT, impact: { count: () => (asked++, { ...emptyCount(), ...clean }) } };
    assert.equal(evaluateCommand('rm -rf dist', { ctx }).decision, 'allow');
    assert.equal(evaluateCommand('rm -rf node_modules', { ctx }).decision, 'allow');
    assert.equal(asked, 0);
    const mixed = fs001('rm -rf src notes', ctxWith({ [`${P}/src`]: clean, [`${P}/notes`]: { files: 1, untracked: 1, inRepository: true } }));
    assert.equal(mixed.f?.severity, 'high');
  });

  it('a missing target or an unknown count keeps the path\'s weight', () => {
    assert.equal(fs001('rm -rf src', ctxWith({ [`${P}/src`]: { exists: false } })).f?.severity, 'high');
    assert.equal(fs001('rm -rf src', ctxWith({})).f?.severity, 'high');
    assert.equal(describeImpact({ ...emptyCount(), files: 1, bytes: 10 }), '1 file, 10 bytes');
  });
});

describe('measured impact: deleting single files (rm, unlink, Remove-Item, del)', () => {
  const env: Partial<ImpactCount> = { files: 1, bytes: 120, untracked: 1, lines: 4, inRepository: true, lostSample: ['.env'] };
  const committed: Partial<ImpactCount> = { files: 1, bytes: 900, tracked: 1, inRepository: true };

  function judged(cmd: string, ctx: CommandContext, shell?: CommandContext['shell']) {
    const res = evaluateCommand(cmd, { ctx: shell ? { ...ctx, shell } : ctx });
    return { res, f: res.findings.find((x) => x.ruleId === 'FS002' || x.ruleId === 'FS010') };
  }

  it('an untracked .env (git cannot bring it back) is gated as git clean -x is, with its numbers; by its path alone it only warns', () => {
    assert.equal(judged('rm .env', TEST_CONTEXT).res.decision, 'warn');
    const { f, res } = judged('rm .env', ctxWith({ [`${P}/.env`]: env }));
    assert.equal(f?.severity, 'high');
    assert.equal(res.decision, 'gate');
    assert.match(f.message, /Deletes \.env, a state or secrets file, with no undo: 1 file, 120 bytes; 1 file is not in git \(4 lines of text\), which cannot be restored from git/);
    assert.equal(evaluateCommand('git clean -fdx', { ctx: TEST_CONTEXT }).decision, 'gate');
  });

  it('untracked work and uncommitted changes weigh the same for every single-file deleter', () => {
    const ctx = ctxWith({ [`${P}/notes.md`]: { files: 1, bytes: 2048, untracked: 1, lines: 60, inRepository: true }, [`${P}/src/app.ts`]: { files: 1, bytes: 500, tracked: 1, modified: 1, inRepository: true } });
    for (const line of ['rm notes.md', 'rm -f notes.md', 'unlink notes.md', 'rm -- src/app.ts', 'rm src/x.ts src/app.ts']) assert.equal(judged(line, ctx).res.decision, 'gate', line);
    assert.equal(judged('Remove-Item notes.md', ctx, 'pwsh').res.decision, 'gate');
    assert.equal(judged('Remove-Item -Path .\\notes.md -Force', ctx, 'pwsh').res.decision, 'gate');
    assert.equal(judged('pwsh -c "Remove-Item notes.md"', ctx).res.decision, 'gate');
    assert.equal(judged('cmd /c del notes.md', ctx).res.decision, 'gate');
    // By the path alone, none of these says anything at balanced.
    for (const line of ['rm notes.md', 'unlink notes.md', 'cmd /c del notes.md']) assert.equal(judged(line, TEST_CONTEXT).res.decision, 'allow', line);
  });

  it('a committed, unchanged file, one the agent made in this session and build output stay quiet', () => {
    const ctx = ctxWith({ [`${P}/src/old.ts`]: committed, [`${P}/scratch.txt`]: { files: 1, bytes: 10, untracked: 1, createdInSession: 1, inRepository: true } });
    for (const line of ['rm src/old.ts', 'rm scratch.txt', 'rm dist/app.js', 'rm /tmp/x.log', 'rm *.pyc']) assert.equal(judged(line, ctx).res.decision, 'allow', line);
    assert.equal(judged('Remove-Item src/old.ts', ctx, 'pwsh').res.decision, 'allow');
    // A committed, unchanged state file git restores exactly: a step lower than its path alone.
    assert.equal(judged('rm config.db', TEST_CONTEXT).f?.severity, 'high');
    assert.equal(judged('rm config.db', ctxWith({ [`${P}/config.db`]: committed })).f?.severity, 'medium');
  });

  it('emptying a file in place (truncate -s 0) weighs as deleting it: lost work is gated, a committed file git restores is not', () => {
    const ctx = ctxWith({ [`${P}/notes.md`]: { files: 1, bytes: 2048, untracked: 1, lines: 60, inRepository: true }, [`${P}/src/old.ts`]: committed });
    const fs005 = (line: string, c: CommandContext) => evaluateCommand(line, { ctx: c }).findings.find((x) => x.ruleId === 'FS005');
    assert.equal(fs005('truncate -s 0 notes.md', TEST_CONTEXT)?.severity, 'medium');
    assert.equal(fs005('truncate -s 0 notes.md', ctx)?.severity, 'high');
    assert.match(fs005('truncate -s 0 notes.md', ctx)?.message ?? '', /1 file, 2\.0 KB; 1 file is not in git \(60 lines of text\)/);
    assert.equal(fs005('truncate -s 0 src/old.ts', ctx)?.severity, 'low');
    assert.equal(fs005('shred -u notes.md', ctx)?.severity, 'high');
  });

  it('a file that is not there or cannot be counted keeps its path\'s weight; outside the workspace a lost file is high', () => {
    assert.equal(judged('rm .env', ctxWith({ [`${P}/.env`]: { exists: false } })).f?.severity, 'medium');
    assert.equal(judged('rm .env', ctxWith({})).f?.severity, 'medium');
    assert.equal(judged('rm /home/dev/notes.txt', ctxWith({ '/home/dev/notes.txt': { files: 1, bytes: 5, untracked: 1 } })).f?.severity, 'high');
  });
});

describe('measured impact: Terraform state', () => {
  const state = (resources: unknown[]) => JSON.stringify({ version: 4, resources });
  const db = { mode: 'managed', type: 'aws_db_instance', name: 'main', instances: [{}] };
  const bucket = { mode: 'managed', type: 'aws_s3_bucket', name: 'assets', module: 'module.storage', instances: [{}] };
  const web = { mode: 'managed', type: 'aws_instance', name: 'web', instances: [{}, {}] };
  const ami = { mode: 'data', type: 'aws_ami', name: 'ubuntu', instances: [{}] };
  const judge = (cmd: string, files: Record<string, string>, vars: Record<string, string> = {}) =>
    evaluateCommand(cmd, { ctx: { ...TEST_CONTEXT, environment: fixedReader(files, vars) } }).findings.find((f) => f.ruleId === 'IAC001')?.message ?? '';

  it('names the resources in local state that hold data', () => {
    const msg = judge('terraform destroy', { [`${P}/terraform.tfstate`]: state([db, bucket, web, ami]) });
    assert.match(msg, /its local state holds 4 resources, 2 of them holding data: aws_db_instance\.main, module\.storage\.aws_s3_bucket\.assets/);
    assert.match(judge('terraform -chdir=infra destroy', { [`${P}/infra/terraform.tfstate`]: state([web]) }), /holds 2 resources, none of a type that holds data/);
  });

  it('reads the selected workspace\'s state, and says nothing for a remote backend or no state', () => {
    const files = { [`${P}/.terraform/environment`]: 'staging', [`${P}/terraform.tfstate.d/staging/terraform.tfstate`]: state([db]), [`${P}/terraform.tfstate`]: state([]) };
    assert.match(judge('terraform destroy', files), /holds 1 resource, 1 of them holding data: aws_db_instance\.main/);
    assert.match(judge('TF_WORKSPACE=default terraform destroy', files), /holds 0 resources/);
    const remote = { [`${P}/.terraform/terraform.tfstate`]: JSON.stringify({ backend: { type: 's3', config: {} } }), [`${P}/terraform.tfstate`]: state([db]) };
    assert.doesNotMatch(judge('terraform destroy', remote), /local state/);
    assert.doesNotMatch(judge('terraform destroy', {}), /local state/);
    assert.doesNotMatch(judge('TF_WORKSPACE=../.. terraform destroy', { '/home/terraform.tfstate': state([db]) }), /local state/, 'a workspace name never leaves the folder');
    assert.doesNotMatch(judge('terraform destroy', { [`${P}/terraform.tfstate`]: '{not json' }), /local state/);
    assert.equal(judge('terraform plan -destroy', { [`${P}/terraform.tfstate`]: state([db]) }), '');
  });

  it('-replace of a resource that holds data is high and says so; of a stateless one it stays medium', () => {
    const f = (cmd: string) => evaluateCommand(cmd, { ctx: TEST_CONTEXT }).findings.find((x) => x.ruleId === 'IAC002');
    const db = f('terraform apply -replace=module.db.aws_rds_cluster.this');
    assert.equal(db?.severity, 'high');
    assert.match(db.message, /is a resource that holds data/);
    assert.equal(f('terraform apply -replace=\'aws_s3_bucket.logs["eu"]\'')?.severity, 'high');
    assert.equal(f('terraform apply -replace=aws_instance.web')?.severity, 'medium');
    assert.equal(f('terraform apply -replace=data.aws_s3_bucket.x')?.severity, 'medium');
  });
});


describe('measured impact: commits a push or a branch deletion would lose (the core, from a reader\'s facts)', () => {
  const withLoss = (push?: Partial<CommitLoss>, branch?: Partial<CommitLoss>): CommandContext => ({
    ...TEST_CONTEXT,
    gitBranch: 'feature/x',
    impact: {
      count: () => undefined,
      pushLoss: () => (push ? { ref: 'origin/feature/x', commits: 0, bounded: false, ...push } : undefined),
      branchLoss: (_dir, name) => (branch ? { ref: name, commits: 0, bounded: false, ...branch } : undefined),
    },
  });
  const rule = (line: string, ctx: CommandContext, id: string) => evaluateCommand(line, { ctx }).findings.find((f) => f.ruleId === id);

  it('a forced push: commits dropped raise it to high, none lowers it one step, a rewrite or a bounded walk keeps its weight', () => {
    assert.equal(rule('git push --force', withLoss(), 'GIT004')?.severity, 'medium');
    const dropped = rule('git push --force', withLoss({ commits: 3, sample: ['abc1234 fix login'] }), 'GIT004');
    assert.equal(dropped?.severity, 'high');
    assert.match(dropped.message, /drops 3 commits on origin\/feature\/x that are not in your branch \(`abc1234 fix login`, …\)/);
    assert.equal(rule('git push --force', withLoss({ commits: 0 }), 'GIT004')?.severity, 'low');
    assert.equal(rule('git push --force origin main', withLoss({ commits: 0 }), 'GIT004')?.severity, 'medium');
    assert.equal(rule('git push --force', withLoss({ commits: 2, rewritten: true }), 'GIT004')?.severity, 'medium');
    assert.equal(rule('git push --force', withLoss({ commits: 2, bounded: true }), 'GIT004')?.severity, 'medium');
    // Tags, --all and computed refspecs are not measured.
    for (const line of ['git push --force origin tag v1.2.0', 'git push --force --all', 'git push --force origin "$BRANCH"']) {
      assert.equal(rule(line, withLoss({ commits: 0 }), 'GIT004')?.severity, rule(line, withLoss(), 'GIT004')?.severity, line);
    }
  });

  it('git branch -D: unmerged commits raise it to high, none lowers it to low; unknown keeps its weight', () => {
    assert.equal(rule('git branch -D spike', withLoss(), 'GIT005')?.severity, 'medium');
    assert.equal(rule('git branch -D spike', withLoss(undefined, { commits: 2 }), 'GIT005')?.severity, 'high');
    assert.equal(rule('git branch -D main', withLoss(undefined, { commits: 0 }), 'GIT005')?.severity, 'low');
    assert.equal(rule('git branch -D spike', withLoss(undefined, { commits: 9, bounded: true }), 'GIT005')?.severity, 'medium');
    assert.equal(rule('git branch -D "$b"', withLoss(undefined, { commits: 0 }), 'GIT005')?.severity, 'medium');
  });
});
