import { boolOf, type DocNode, entry, get, scalar } from '../../../parsers/tree';
import type { EditMatch } from '../../rule';
import { defineRule } from '../helpers';
import { CI_FILES, ciFile, isTestJob, TESTY } from './helpers';

export const testsAllowedToFail = defineRule({
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
