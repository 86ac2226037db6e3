import { type DocMap, type DocNode, get, scalar } from '../../../parsers/tree';
import { changedLineIn, defineRule } from '../helpers';
import { CI_FILES, type CiFile, ciFile, type CiJob } from './helpers';

function writeAll(n: DocNode | undefined): boolean {
  if (!n) return false;
  if (n.kind === 'scalar') return scalar(n) === 'write-all';
  if (n.kind === 'map') return n.entries.filter((e) => scalar(e.value) === 'write').length >= 3 || (scalar(get(n, 'contents')) === 'write' && (scalar(get(n, 'id-token')) === 'write' || scalar(get(n, 'actions')) === 'write'));
  return false;
}

const HEAD_REF = /github\.event\.pull_request\.head\.(sha|ref)|refs\/pull\/|github\.head_ref/;

function prTargetRisks(file: CiFile): { job: CiJob; writeAll: boolean; step: DocMap }[] {
  if (file.gitlab || !file.triggers.has('pull_request_target')) return [];
  const out: { job: CiJob; writeAll: boolean; step: DocMap }[] = [];
  for (const job of file.jobs.values()) {
    for (const s of job.steps) {
      if (!/actions\/checkout/.test(scalar(get(s, 'uses')) ?? '')) continue;
      const ref = scalar(get(s, 'with', 'ref')) ?? scalar(get(s, 'with', 'repository')) ?? '';
      if (!HEAD_REF.test(ref) && !/github\.event\.pull_request\.head\.repo/.test(ref)) continue;
      out.push({ job, writeAll: writeAll(get(file.root, 'permissions')) || writeAll(get(job.node, 'permissions')), step: s });
    }
  }
  return out;
}

export const pullRequestTargetHeadCheckout = defineRule({
  id: 'CI002',
  name: 'pull-request-target-head-checkout',
  category: 'ci',
  severity: 'critical',
  files: CI_FILES,
  summary: 'A pull_request_target workflow checks out the pull request\'s code (critical with write-all permissions).',
  rationale: 'pull_request_target runs with the base repository\'s secrets and a write token. Checking out and building the contributor\'s head commit hands both to anyone who opens a pull request: they can push to branches, publish releases or delete them.',
  alternative: 'Use `pull_request` for building untrusted code; if pull_request_target is needed, do not check out the head, or split into a privileged workflow triggered by workflow_run that only reads artifacts.',
  examples: {
    fire: [{ path: '.github/workflows/pr.yml', before: 'on: pull_request\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n', after: 'on: pull_request_target\npermissions: write-all\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n      - run: npm ci && npm test\n' }],
    pass: [{ path: '.github/workflows/pr.yml', before: 'on: pull_request\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n', after: 'on: pull_request_target\npermissions:\n  pull-requests: write\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/labeler@v5\n' }],
  },
  check(view) {
    if (view.status === 'deleted') return [];
    const before = new Set(prTargetRisks(ciFile(view, 'before')).map((r) => `${r.job.name}:${r.writeAll}`));
    return prTargetRisks(ciFile(view, 'after'))
      .filter((r) => !before.has(`${r.job.name}:${r.writeAll}`))
      .map((r) => ({
        severity: r.writeAll ? 'critical' : 'high',
        message: `pull_request_target job ${r.job.name} checks out the pull request head${r.writeAll ? ' with write-all permissions' : ''}; untrusted code runs with the repository's secrets and token`,
        // On the changed line of the step that checks out the head (`ref: ${{ github.event.pull_request.head.sha }}`).
        afterSpan: changedLineIn(view, { start: r.step.start, end: r.step.end }, 'head'),
      }));
  },
});
