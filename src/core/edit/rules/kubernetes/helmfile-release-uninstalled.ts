import { kindName } from '../../../plain-text';
import { boolOf, type DocNode, get, items, scalar } from '../../../parsers/tree';
import { looksProduction } from '../../../shell/cli-args';
import type { EditMatch } from '../../rule';
import type { FileView, Side } from '../../view';
import { defineRule, isProductionPath } from '../helpers';
import { span } from './helpers';

interface Release {
  id: string;
  name: string;
  namespace: string;
  installed: boolean | undefined;
  node: DocNode;
  installedNode: DocNode | undefined;
}

/**
 * Helmfile deletes a release on `helmfile sync` / `apply` when it says `installed: false`; a
 * release simply taken out of the file is left running (helmfile has no memory of it). So the
 * edit that uninstalls is the flag, not the removal.
 */
export const helmfileReleaseUninstalled = defineRule({
  id: 'KUB012',
  name: 'helmfile-release-uninstalled',
  category: 'kubernetes',
  severity: 'high',
  files: ['**/helmfile.yaml', '**/helmfile.yml', '**/helmfile.yaml.gotmpl', '**/helmfile.d/*.yaml', '**/helmfile.d/*.yml', '**/helmfile.d/*.gotmpl'],
  summary: 'A Helmfile release is set to `installed: false`, so the next `helmfile sync` or `apply` uninstalls it and deletes its resources (high in production).',
  rationale: '`installed: false` is how Helmfile deletes a release: `helmfile sync` and `helmfile apply` run `helm uninstall` for it, removing every object the chart created (claims and their volumes included, unless the chart keeps them). A release merely removed from the file is left running, so that is not flagged.',
  alternative: 'Uninstall deliberately (`helmfile destroy --selector name=<release>` after a `helmfile diff`), and back up the data its volumes hold first.',
  examples: {
    fire: [{ path: 'helmfile.yaml', before: 'releases:\n  - name: postgres\n    namespace: data\n    chart: bitnami/postgresql\n  - name: api\n    namespace: prod\n    chart: ./charts/api\n', after: 'releases:\n  - name: postgres\n    namespace: data\n    chart: bitnami/postgresql\n    installed: false\n  - name: api\n    namespace: prod\n    chart: ./charts/api\n' }],
    pass: [
      // Removed from the file: helmfile leaves it alone.
      { path: 'helmfile.yaml', before: 'releases:\n  - name: postgres\n    chart: bitnami/postgresql\n  - name: api\n    chart: ./charts/api\n', after: 'releases:\n  - name: api\n    chart: ./charts/api\n' },
      { path: 'helmfile.yaml', before: 'releases:\n  - name: postgres\n    chart: bitnami/postgresql\n    installed: false\n', after: 'releases:\n  - name: postgres\n    chart: bitnami/postgresql\n    installed: true\n' },
    ],
  },
  check(view) {
    if (view.status !== 'modified') return [];
    const before = releases(view, 'before');
    if (!before.size) return [];
    const out: EditMatch[] = [];
    for (const [id, r] of releases(view, 'after')) {
      const was = before.get(id);
      if (!was || r.installed !== false || was.installed === false) continue;
      const prod = isProductionPath(view.path) || looksProduction(r.namespace) || looksProduction(r.name);
      out.push({
        severity: prod ? 'high' : 'medium',
        message: `${kindName('release', r.name)}${r.namespace ? ` (${kindName('namespace', r.namespace)})` : ''} set to installed: false; the next helmfile sync or apply uninstalls it and deletes its resources`,
        afterSpan: span(r.installedNode ?? r.node),
        context: prod ? { scope: ['production'] } : undefined,
      });
    }
    return out;
  },
});

function releases(view: FileView, side: Side): Map<string, Release> {
  return view.memo(`helmfile:${side}`, () => {
    const out = new Map<string, Release>();
    for (const d of view.docs(side).docs) {
      for (const n of items(get(d, 'releases'))) {
        const name = scalar(get(n, 'name'));
        if (!name) continue;
        const namespace = scalar(get(n, 'namespace')) ?? '';
        const ctx = scalar(get(n, 'kubeContext')) ?? '';
        const installedNode = get(n, 'installed');
        out.set(`${ctx}/${namespace}/${name}`, { id: `${ctx}/${namespace}/${name}`, name, namespace, installed: boolOf(installedNode), node: n, installedNode });
      }
    }
    return out;
  });
}
