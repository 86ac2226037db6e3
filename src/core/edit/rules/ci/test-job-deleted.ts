import type { EditMatch } from '../../rule';
import { defineRule } from '../helpers';
import { CI_FILES, ciFile, isTestJob, TESTY } from './helpers';

export const testJobDeleted = defineRule({
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
