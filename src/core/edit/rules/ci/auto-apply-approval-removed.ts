import { get, items, scalar } from '../../../parsers/tree';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext, removedLineIn } from '../helpers';
import { CI_FILES, type CiFile, ciFile, type CiJob } from './helpers';

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

export const autoApplyApprovalRemoved = defineRule({
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
        // On the line of the job where the gate was, not on the job's name.
        const at = removedLineIn(view, { start: was.keyStart, end: was.node.end }, { start: job.keyStart, end: job.node.end });
        out.push({ message: `job ${job.name} applies infrastructure and lost its approval gate (${wasGate}); it now runs on every push`, ...at, context: prodContext(view) });
      } else if ((!was || !appliesInfra(was)) && [...b.jobs.values()].some((j) => appliesInfra(j) && gated(b, j))) {
        out.push({ message: `job ${job.name} applies infrastructure without the approval the pipeline's other apply job had`, afterSpan: { start: job.keyStart, end: job.keyEnd }, context: prodContext(view) });
      } else if (!was || !appliesInfra(was)) {
        out.push({ severity: 'medium', message: `new job ${job.name} applies infrastructure automatically, with no approval gate`, afterSpan: { start: job.keyStart, end: job.keyEnd }, context: prodContext(view) });
      }
    }
    return out;
  },
});
