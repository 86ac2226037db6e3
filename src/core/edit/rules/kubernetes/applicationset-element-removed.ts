import { boolOf, type DocNode, get, items, scalar, scalarList, toPlain } from '../../../parsers/tree';
import { looksProduction } from '../../../shell/cli-args';
import type { Severity } from '../../../types';
import type { EditMatch } from '../../rule';
import type { FileView } from '../../view';
import { defineRule, isProductionPath } from '../helpers';
import { declaredElsewhere, K8S_FILES, type K8sObject, k8sObjects, prunerOf, span } from './helpers';

const MAX_GENERATORS = 200;
const MAX_ELEMENTS = 2_000;

/** One Application an ApplicationSet generates: its name when the template can be filled in, and where it came from. */
interface Generated {
  key: string;
  label: string;
  node: DocNode;
  prod: boolean;
}

/**
 * The ApplicationSet controller deletes every Application its generators stop producing, and
 * generated Applications carry Argo CD's resources finalizer unless the ApplicationSet sets
 * `syncPolicy.preserveResourcesOnDeletion`. So a list element, a git directory or a git file
 * taken out of a generator is a delete of that application's workloads on the next reconcile.
 */
export const applicationsetElementRemoved = defineRule({
  id: 'KUB009',
  name: 'applicationset-element-removed',
  category: 'kubernetes',
  severity: 'critical',
  files: K8S_FILES,
  summary: 'An Argo CD ApplicationSet stops generating an application (a list element, git directory or git file removed, a directory excluded), or the ApplicationSet itself is removed, so the application and everything it deployed are deleted.',
  rationale: 'The ApplicationSet controller deletes Applications its generators no longer produce, and each generated Application carries the resources finalizer (unless `syncPolicy.preserveResourcesOnDeletion: true`), so Argo CD then deletes every object that application deployed. Deleting the ApplicationSet deletes all of them. Critical when the application is production.',
  alternative: 'Set `spec.syncPolicy.preserveResourcesOnDeletion: true` (or `applicationsSync: create-update`) before removing the element, or delete the application deliberately after checking what it owns.',
  examples: {
    fire: [
      { path: 'argocd/appsets/clusters.yaml', before: 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: guestbook\nspec:\n  generators:\n    - list:\n        elements:\n          - cluster: staging\n            url: https://staging.example.com\n          - cluster: prod\n            url: https://prod.example.com\n  template:\n    metadata:\n      name: \'{{cluster}}-guestbook\'\n    spec:\n      project: default\n', after: 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: guestbook\nspec:\n  generators:\n    - list:\n        elements:\n          - cluster: staging\n            url: https://staging.example.com\n  template:\n    metadata:\n      name: \'{{cluster}}-guestbook\'\n    spec:\n      project: default\n' },
      { path: 'argocd/appsets/apps.yaml', before: 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: apps\nspec:\n  generators:\n    - git:\n        repoURL: https://git.example.com/deploy.git\n        revision: HEAD\n        directories:\n          - path: apps/*\n  template:\n    metadata:\n      name: \'{{path.basename}}\'\n', after: 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: apps\nspec:\n  generators:\n    - git:\n        repoURL: https://git.example.com/deploy.git\n        revision: HEAD\n        directories:\n          - path: apps/*\n          - path: apps/payments\n            exclude: true\n  template:\n    metadata:\n      name: \'{{path.basename}}\'\n' },
    ],
    pass: [
      // An element edited in place still generates the same application.
      { path: 'argocd/appsets/clusters.yaml', before: 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: guestbook\nspec:\n  generators:\n    - list:\n        elements:\n          - cluster: prod\n            url: https://prod-old.example.com\n  template:\n    metadata:\n      name: \'{{cluster}}-guestbook\'\n', after: 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: guestbook\nspec:\n  generators:\n    - list:\n        elements:\n          - cluster: prod\n            url: https://prod.example.com\n  template:\n    metadata:\n      name: \'{{cluster}}-guestbook\'\n' },
      // The application is deleted but its resources are preserved.
      { path: 'argocd/appsets/clusters.yaml', before: 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: guestbook\nspec:\n  syncPolicy:\n    preserveResourcesOnDeletion: true\n  generators:\n    - list:\n        elements:\n          - cluster: staging\n          - cluster: prod\n  template:\n    metadata:\n      name: \'{{cluster}}-guestbook\'\n', after: 'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: guestbook\nspec:\n  syncPolicy:\n    preserveResourcesOnDeletion: true\n  generators:\n    - list:\n        elements:\n          - cluster: staging\n  template:\n    metadata:\n      name: \'{{cluster}}-guestbook\'\n' },
    ],
  },
  check(view) {
    const out: EditMatch[] = [];
    const a = k8sObjects(view, 'after');
    for (const ob of k8sObjects(view, 'before').values()) {
      if (ob.kind !== 'ApplicationSet') continue;
      const oa = a.get(ob.id);
      if (!oa) {
        // Removed outright. With a resources finalizer on the ApplicationSet itself, KUB004 reports it.
        if (preserves(ob) || declaredElsewhere(view, 'ApplicationSet', ob.name)) continue;
        if (scalarList(get(ob.node, 'metadata', 'finalizers')).some((f) => f.startsWith('resources-finalizer.argocd.argoproj.io'))) continue;
        const pruner = prunerOf(view) ?? (view.ctx.batch?.pruneEnabled ? { owner: 'a controller in this step', path: '' } : undefined);
        out.push({
          severity: pruner ? (productionSet(view, ob, generated(ob)) ? 'critical' : 'high') : 'medium',
          message: `ApplicationSet ${ob.name} removed; ${pruner ? `${pruner.owner} prunes it, and ` : 'once it is deleted, '}the controller deletes every Application it generated, with everything they deployed`,
          beforeSpan: span(ob.node),
        });
        continue;
      }
      if (preserves(oa)) continue;
      const lost = lostGenerated(generated(ob), generated(oa));
      if (!lost.length) continue;
      const severity: Severity = lost.some((g) => g.prod) || isProductionPath(view.path) ? 'critical' : 'high';
      const shown = lost.slice(0, 3).map((g) => g.label).join(', ') + (lost.length > 3 ? ` and ${lost.length - 3} more` : '');
      out.push({
        severity,
        message: `ApplicationSet ${oa.name} no longer generates ${shown}; the controller deletes ${lost.length === 1 ? 'that Application' : 'those Applications'} and Argo CD deletes everything ${lost.length === 1 ? 'it' : 'they'} deployed`,
        ...(lost[0].key.startsWith('exclude:') ? { afterSpan: span(lost[0].node) } : { beforeSpan: span(lost[0].node) }),
      });
    }
    return out;
  },
});

/** Generated Applications are kept (with their resources) when the ApplicationSet says so. */
function preserves(o: K8sObject): boolean {
  const sp = get(o.node, 'spec', 'syncPolicy');
  if (boolOf(get(sp, 'preserveResourcesOnDeletion')) === true) return true;
  const sync = scalar(get(sp, 'applicationsSync'));
  return sync === 'create-only' || sync === 'create-update';
}

function productionSet(view: FileView, o: K8sObject, gens: Generated[]): boolean {
  return isProductionPath(view.path) || looksProduction(o.name) || gens.some((g) => g.prod);
}

/** What the generators produce, keyed so that an element edited in place keeps its key. */
function generated(o: K8sObject): Generated[] {
  const template = scalar(get(o.node, 'spec', 'template', 'metadata', 'name'));
  const out: Generated[] = [];
  const budget = { n: MAX_GENERATORS };
  const visit = (gens: DocNode | undefined): void => {
    for (const g of items(gens)) {
      if (budget.n-- <= 0) return;
      for (const el of items(get(g, 'list', 'elements')).slice(0, MAX_ELEMENTS)) {
        const plain = toPlain(el) as Record<string, unknown>;
        const name = template ? fill(template, plain) : undefined;
        const key = name ?? JSON.stringify(plain);
        out.push({ key: `list:${key}`, label: name ?? describe(plain), node: el, prod: Object.values(plain ?? {}).some((v) => typeof v === 'string' && looksProduction(v)) });
      }
      const git = get(g, 'git');
      if (git) {
        const repo = scalar(get(git, 'repoURL')) ?? '';
        // Directories: an include removed, or an exclude added, stops generating what it matched.
        for (const d of items(get(git, 'directories'))) {
          const path = scalar(get(d, 'path'));
          if (!path) continue;
          const exclude = boolOf(get(d, 'exclude')) === true;
          out.push({ key: `${exclude ? 'exclude' : 'dir'}:${repo}:${path}`, label: `the applications under ${path}`, node: d, prod: looksProduction(path) });
        }
        for (const f of items(get(git, 'files'))) {
          const path = scalar(get(f, 'path'));
          if (path) out.push({ key: `file:${repo}:${path}`, label: `the applications from ${path}`, node: f, prod: looksProduction(path) });
        }
      }
      // Matrix and merge generators nest their own generators.
      visit(get(g, 'matrix', 'generators'));
      visit(get(g, 'merge', 'generators'));
    }
  };
  visit(get(o.node, 'spec', 'generators'));
  return out;
}

/** What the edit stops generating: includes that went away, and excludes that appeared. */
function lostGenerated(before: Generated[], after: Generated[]): Generated[] {
  const was = new Set(before.map((g) => g.key));
  const now = new Set(after.map((g) => g.key));
  return [...before.filter((g) => !g.key.startsWith('exclude:') && !now.has(g.key)), ...after.filter((g) => g.key.startsWith('exclude:') && !was.has(g.key))];
}

/** Fills `{{cluster}}`, `{{ .cluster }}` and `{{values.x}}` from a list element; undefined when a placeholder is not in it. */
function fill(template: string, el: Record<string, unknown>): string | undefined {
  let missing = false;
  const name = template.replace(/\{\{-?\s*\.?([\w.]+)\s*-?\}\}/g, (_m, path: string) => {
    let cur: unknown = el;
    for (const k of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
    if (typeof cur === 'string') return cur;
    if (typeof cur === 'number' || typeof cur === 'boolean') return String(cur);
    missing = true;
    return '';
  });
  return missing ? undefined : `Application ${name}`;
}

function describe(plain: Record<string, unknown>): string {
  const parts = Object.entries(plain ?? {}).filter(([, v]) => typeof v !== 'object').slice(0, 2).map(([k, v]) => `${k}: ${String(v)}`);
  return `the element { ${parts.join(', ')} }`;
}
