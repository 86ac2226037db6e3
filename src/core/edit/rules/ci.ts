/**
 * CI pipelines (GitHub Actions, GitLab CI): the gates between a push and production. Rules look
 * at jobs by name across the edit: an apply job that loses its approval, a privileged
 * pull_request_target workflow that runs the contributor's code, tests allowed to fail or deleted.
 */
import { boolOf, type DocMap, type DocNode, entry, get, items, scalar, scalarList } from '../../parsers/tree';
import type { EditMatch, EditRule } from '../rule';
import type { FileView, Side } from '../view';
import { defineRule, prodContext } from './helpers';

export const CI_FILES = ['**/.github/workflows/*.yml', '**/.github/workflows/*.yaml', '.github/workflows/*.yml', '.github/workflows/*.yaml', '**/.gitlab-ci.yml', '.gitlab-ci.yml', '**/*.gitlab-ci.yml', '**/.gitlab/ci/*.yml'];

export interface CiJob {
  name: string;
  node: DocMap;
  keyStart: number;
  keyEnd: number;
  /** Every shell line the job runs (steps' run, script, before_script…). */
  scripts: { text: string; node: DocNode }[];
  steps: DocMap[];
}

export interface CiFile {
  gitlab: boolean;
  root: DocMap | undefined;
  jobs: Map<string, CiJob>;
  triggers: Set<string>;
}

const GITLAB_RESERVED = new Set(['stages', 'variables', 'include', 'default', 'workflow', 'image', 'services', 'before_script', 'after_script', 'cache', 'spec', 'pages:deploy']);

export function isGitlab(lowerPath: string): boolean {
  return lowerPath.endsWith('.gitlab-ci.yml') || lowerPath.includes('.gitlab/ci/');
}

export function ciFile(view: FileView, side: Side): CiFile {
  return view.memo(`ci:${side}`, () => {
    const gitlab = isGitlab(view.lowerPath);
    const root = view.docs(side).docs.find((d): d is DocMap => d.kind === 'map');
    const jobs = new Map<string, CiJob>();
    const triggers = new Set<string>();
    if (!root) return { gitlab, root, jobs, triggers };
    const scriptsOf = (n: DocNode | undefined): { text: string; node: DocNode }[] => {
      if (!n) return [];
      if (n.kind === 'scalar') return scalar(n) ? [{ text: scalar(n)!, node: n }] : [];
      if (n.kind === 'seq') return n.items.flatMap(scriptsOf);
      return [];
    };
    if (gitlab) {
      for (const e of root.entries) {
        if (GITLAB_RESERVED.has(e.key) || e.key.startsWith('.') || e.value?.kind !== 'map') continue;
        const scripts = ['before_script', 'script', 'after_script'].flatMap((k) => scriptsOf(get(e.value, k)));
        if (!scripts.length && !get(e.value, 'trigger') && !get(e.value, 'extends')) continue;
        jobs.set(e.key, { name: e.key, node: e.value, keyStart: e.keyStart, keyEnd: e.keyEnd, scripts, steps: [] });
      }
      triggers.add('push');
      return { gitlab, root, jobs, triggers };
    }
    const on = entry(root, 'on') ?? entry(root, 'true');
    if (on?.value) {
      if (on.value.kind === 'scalar' && scalar(on.value)) triggers.add(scalar(on.value)!);
      else if (on.value.kind === 'seq') for (const t of scalarList(on.value)) triggers.add(t);
      else if (on.value.kind === 'map') for (const t of on.value.entries) triggers.add(t.key);
    }
    const js = get(root, 'jobs');
    if (js?.kind === 'map') {
      for (const e of js.entries) {
        if (e.value?.kind !== 'map') continue;
        const steps = items(get(e.value, 'steps')).filter((s): s is DocMap => s.kind === 'map');
        const scripts = steps.flatMap((s) => scriptsOf(get(s, 'run')));
        jobs.set(e.key, { name: e.key, node: e.value, keyStart: e.keyStart, keyEnd: e.keyEnd, scripts, steps });
      }
    }
    return { gitlab, root, jobs, triggers };
  });
}

const APPLY = /\b(terraform|tofu|terragrunt)\s+(?:[\w-]+\s+)*?(apply|destroy)\b|\bpulumi\s+(up|destroy)\b|\bcdk\s+(deploy|destroy)\b|\bcdktf\s+(deploy|destroy)\b|\bsam\s+deploy\b|\b(serverless|sls)\s+(deploy|remove)\b|\baws\s+cloudformation\s+(deploy|update-stack|delete-stack|execute-change-set)\b|\bhelm\s+(upgrade|install|uninstall)\b|\bkubectl\s+(apply|delete|replace)\b|\bansible-playbook\b/;

function appliesInfra(job: CiJob): boolean {
  return job.scripts.some((s) => APPLY.test(s.text)) || job.steps.some((s) => /terraform|pulumi|cdk|cloudformation|deploy/i.test(scalar(get(s, 'uses')) ?? '') && /apply|deploy|up/i.test(JSON.stringify(scalar(get(s, 'with', 'command')) ?? scalar(get(s, 'with', 'args')) ?? '')));
}

/** What stands between a push and this job running: a GitHub environment (reviewers), a manual GitLab job, a dispatch-only workflow. */
function gated(file: CiFile, job: CiJob): string | undefined {
  if (file.gitlab) {
    if (scalar(get(job.node, 'when')) === 'manual') return 'when: manual';
    if (items(get(job.node, 'rules')).some((r) => scalar(get(r, 'when')) === 'manual')) return 'a manual rule';
    if (get(job.node, 'environment', 'deployment_tier') && scalar(get(job.node, 'environment', 'deployment_tier')) === 'production') return 'a protected environment';
    return undefined;
  }
  if (get(job.node, 'environment')) return 'environment';
  const pushLike = ['push', 'pull_request', 'pull_request_target', 'schedule', 'workflow_run'].some((t) => file.triggers.has(t));
  if (!pushLike && file.triggers.size) return 'manual trigger';
  return undefined;
}

export const ciAutoApplyUngated = defineRule({
  id: 'CI001',
  name: 'auto-apply-approval-removed',
  category: 'ci',
  severity: 'high',
  files: CI_FILES,
  summary: 'A pipeline job that applies infrastructure loses its approval gate, so it runs on every push.',
  rationale: 'An environment with required reviewers (GitHub) or a manual job (GitLab) is the human check between a merge and `terraform apply`. Without it, whatever an edit removed from the configuration is destroyed automatically.',
  alternative: 'Keep the apply job behind an environment with required reviewers or `when: manual`; run `plan` automatically and `apply` after approval.',
  examples: {
    fire: [{ path: '.github/workflows/infra.yml', before: 'on: push\njobs:\n  apply:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: terraform apply -auto-approve\n', after: 'on: push\njobs:\n  apply:\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform apply -auto-approve\n' }],
    pass: [{ path: '.github/workflows/infra.yml', before: 'on: push\njobs:\n  apply:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: terraform apply -auto-approve\n', after: 'on: push\njobs:\n  apply:\n    runs-on: ubuntu-22.04\n    environment: production\n    steps:\n      - run: terraform apply -auto-approve\n' }],
  },
  check(view) {
    if (view.status === 'deleted') return [];
    const b = ciFile(view, 'before');
    const a = ciFile(view, 'after');
    const out: EditMatch[] = [];
    for (const job of a.jobs.values()) {
      if (!appliesInfra(job) || gated(a, job)) continue;
      const was = b.jobs.get(job.name);
      const wasGate = was ? gated(b, was) : undefined;
      if (was && wasGate) {
        out.push({ message: `job ${job.name} applies infrastructure and lost its approval gate (${wasGate}); it now runs on every push`, afterSpan: { start: job.keyStart, end: job.keyEnd }, context: prodContext(view) });
      } else if ((!was || !appliesInfra(was)) && [...b.jobs.values()].some((j) => appliesInfra(j) && gated(b, j))) {
        out.push({ message: `job ${job.name} applies infrastructure without the approval the pipeline's other apply job had`, afterSpan: { start: job.keyStart, end: job.keyEnd }, context: prodContext(view) });
      } else if (!was || !appliesInfra(was)) {
        out.push({ severity: 'medium', message: `new job ${job.name} applies infrastructure automatically, with no approval gate`, afterSpan: { start: job.keyStart, end: job.keyEnd }, context: prodContext(view) });
      }
    }
    return out;
  },
});

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

export const ciPullRequestTarget = defineRule({
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
        afterSpan: { start: r.step.start, end: r.step.end },
      }));
  },
});

const TESTY = /\b(test|tests|testing|spec|specs|pytest|jest|mocha|vitest|rspec|phpunit|go test|cargo test|ctest|unittest|e2e|integration|check)\b/i;

function isTestJob(job: CiJob): boolean {
  return TESTY.test(job.name) || job.scripts.some((s) => TESTY.test(s.text) && /\b(test|spec|pytest|jest|mocha|vitest|rspec|phpunit|check)\b/.test(s.text));
}

export const ciTestsMayFail = defineRule({
  id: 'CI003',
  name: 'tests-allowed-to-fail',
  category: 'ci',
  severity: 'medium',
  files: CI_FILES,
  summary: 'A test job or step is marked continue-on-error / allow_failure.',
  rationale: 'A test that may fail is a test that no longer blocks anything: the pipeline stays green while the code under test breaks, and the deploy goes ahead.',
  alternative: 'Fix or quarantine the failing test explicitly (with an issue), and keep the job blocking.',
  examples: {
    fire: [{ path: '.github/workflows/ci.yml', before: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n', after: 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    continue-on-error: true\n    steps:\n      - run: npm test\n' }],
    pass: [{ path: '.github/workflows/ci.yml', before: 'on: push\njobs:\n  docs:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run docs\n', after: 'on: push\njobs:\n  docs:\n    runs-on: ubuntu-latest\n    continue-on-error: true\n    steps:\n      - run: npm run docs\n' }],
  },
  check(view) {
    if (view.status === 'deleted') return [];
    const b = ciFile(view, 'before');
    const a = ciFile(view, 'after');
    const out: EditMatch[] = [];
    const flag = (n: DocNode | undefined): boolean => boolOf(get(n, 'continue-on-error')) === true || boolOf(get(n, 'allow_failure')) === true || get(n, 'allow_failure')?.kind === 'map';
    for (const job of a.jobs.values()) {
      const was = b.jobs.get(job.name);
      if (isTestJob(job) && flag(job.node) && !(was && flag(was.node))) {
        const e = entry(job.node, 'continue-on-error') ?? entry(job.node, 'allow_failure');
        out.push({ message: `test job ${job.name} may now fail without failing the pipeline`, afterSpan: e ? { start: e.keyStart, end: e.value?.end ?? e.keyEnd } : { start: job.keyStart, end: job.keyEnd } });
        continue;
      }
      for (const s of job.steps) {
        const run = scalar(get(s, 'run')) ?? '';
        const name = scalar(get(s, 'name')) ?? '';
        if (!flag(s) || !(TESTY.test(run) || TESTY.test(name))) continue;
        const same = was?.steps.find((x) => (scalar(get(x, 'run')) ?? '') === run && (scalar(get(x, 'name')) ?? '') === name);
        if (same && flag(same)) continue;
        out.push({ message: `test step "${(name || run).slice(0, 60)}" in ${job.name} may now fail without failing the pipeline`, afterSpan: { start: s.start, end: s.end } });
      }
    }
    return out;
  },
});

export const ciTestJobDeleted = defineRule({
  id: 'CI004',
  name: 'test-job-deleted',
  category: 'ci',
  severity: 'medium',
  files: CI_FILES,
  summary: 'A job or step that runs tests is removed from the pipeline.',
  rationale: 'Removing the test job is the quickest way to a green pipeline and the surest way to ship what the tests would have caught.',
  alternative: 'Keep the tests; if a job is being restructured, make sure the new one runs the same test commands.',
  examples: {
    fire: [{ path: '.gitlab-ci.yml', before: 'stages: [test, deploy]\nunit:\n  stage: test\n  script:\n    - pytest\ndeploy:\n  stage: deploy\n  script:\n    - ./deploy.sh\n', after: 'stages: [deploy]\ndeploy:\n  stage: deploy\n  script:\n    - ./deploy.sh\n' }],
    pass: [{ path: '.gitlab-ci.yml', before: 'unit:\n  script:\n    - pytest\n', after: 'unit-tests:\n  script:\n    - pytest\n' }],
  },
  check(view) {
    const b = ciFile(view, 'before');
    const a = ciFile(view, 'after');
    const afterScripts = new Set([...a.jobs.values()].flatMap((j) => j.scripts.map((s) => s.text.trim())));
    const batchText = (view.ctx.batch?.afterTexts ?? []).filter((t) => t !== view.after);
    const out: EditMatch[] = [];
    for (const job of b.jobs.values()) {
      if (!isTestJob(job)) continue;
      const testScripts = job.scripts.filter((s) => TESTY.test(s.text)).map((s) => s.text.trim());
      const still = a.jobs.get(job.name);
      const lost = testScripts.filter((s) => !afterScripts.has(s) && !batchText.some((t) => t.includes(s)));
      if (!still && (lost.length || !testScripts.length) && !(testScripts.length === 0 && [...a.jobs.keys()].some((k) => TESTY.test(k)))) {
        out.push({ message: `test job ${job.name} removed${lost.length ? ` (${lost[0].slice(0, 60)})` : ''}`, beforeSpan: { start: job.keyStart, end: job.keyEnd } });
      } else if (still && lost.length) {
        out.push({ message: `test command removed from ${job.name}: ${lost[0].slice(0, 60)}`, beforeSpan: { start: job.keyStart, end: job.keyEnd } });
      }
    }
    return out;
  },
});

export const CI_RULES: readonly EditRule[] = [ciAutoApplyUngated, ciPullRequestTarget, ciTestsMayFail, ciTestJobDeleted];
