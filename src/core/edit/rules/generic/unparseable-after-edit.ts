import { defineRule } from '../helpers';

const INFRA_HINT = /\b(AWSTemplateFormatVersion|apiVersion|Resources|jobs|stages|blastRadius)\b/;

export const unparseableAfterEdit = defineRule({
  id: 'EDT006',
  name: 'unparseable-after-edit',
  category: 'unanalyzable',
  severity: 'medium',
  files: ['**/*.tf', '**/*.tf.json', '**/*.yaml', '**/*.yml', '**/*.json', '**/*.jsonc', '**/*.code-workspace'],
  summary: 'The file no longer parses, so structural rules could only judge what they could read.',
  rationale: 'A configuration that does not parse cannot be compared block by block; a removed resource hidden behind a syntax error would otherwise pass unseen. The file is still scored by what can be read.',
  alternative: 'Fix the syntax error; the change will then be judged in full.',
  examples: {
    fire: [{ path: 'k8s/deploy.yaml', before: 'apiVersion: v1\nkind: ConfigMap\n', after: 'apiVersion: v1\nkind: [ConfigMap\n' }],
    pass: [{ path: 'k8s/deploy.yaml', before: 'apiVersion: v1\nkind: ConfigMap\n', after: 'apiVersion: v1\nkind: Secret\n' }],
  },
  check(view) {
    if (view.ctx.partial || view.status === 'deleted' || !view.after.trim()) return [];
    // Helm templates are YAML only after rendering.
    if (view.lowerPath.includes('/templates/') || view.after.includes('{{')) return [];
    let errors: { message: string; offset: number }[];
    let beforeErrors: number;
    if (view.kind === 'terraform') {
      errors = view.hcl('after').errors;
      beforeErrors = view.hcl('before').errors.length;
    } else if (view.kind === 'yaml' || view.kind === 'json' || view.kind === 'terraform-json') {
      errors = view.docs('after').errors;
      beforeErrors = view.docs('before').errors.length;
    } else return [];
    if (!errors.length) return [];
    const infra = view.kind === 'terraform' || view.kind === 'terraform-json' || INFRA_HINT.test(view.after.slice(0, 20_000));
    const broke = beforeErrors === 0 && view.status === 'modified';
    const e = errors[0];
    return [{
      severity: infra && broke ? 'medium' : 'low',
      message: `file does not parse after the edit (${e.message}); scored only by what could be read`,
      afterSpan: { start: e.offset, end: e.offset },
    }];
  },
});
