/**
 * GitOps controllers that delete from the cluster what leaves Git: the paths an Argo CD
 * Application with automated prune or a Flux Kustomization with `prune: true` syncs. The edit
 * rules read them from the step's own files and from the workspace (an adapter scans it and hands
 * the result in as `EditContext.gitopsPruners`), so that deleting a manifest under such a path is
 * seen as the delete it becomes on the next sync.
 */
import { boolOf, type DocNode, get, items, parseYamlDocs, scalar } from '../parsers/tree';

/** A path in Git that a controller syncs with pruning on, and who does it. */
export interface PrunedPath {
  /** Repository path without `./` or a trailing slash ('' for the root). */
  path: string;
  owner: string;
}

/** `./apps/prod/` → `apps/prod`; `.` → ''. */
export function normGitPath(p: string): string {
  let s = String(p).trim().replace(/\\/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  if (s === '.' || s === '/') return '';
  return s.replace(/^\/+/, '').replace(/\/+$/, '');
}

export function underPath(path: string, root: string): boolean {
  return root === '' || path === root || path.startsWith(`${root}/`);
}

/** Argo CD: `spec.syncPolicy.automated.prune` (in an Application, or an ApplicationSet's template). */
export function argoPrunesNode(node: DocNode | undefined): boolean {
  return boolOf(get(node, 'spec', 'syncPolicy', 'automated', 'prune')) === true || boolOf(get(node, 'spec', 'template', 'spec', 'syncPolicy', 'automated', 'prune')) === true;
}

/** The paths an Argo CD Application (each of its sources) or a Flux Kustomization syncs, when it prunes. */
export function prunedPathsOfNode(node: DocNode | undefined): PrunedPath[] {
  const out: PrunedPath[] = [];
  if (!node || node.kind !== 'map') return out;
  const kind = scalar(get(node, 'kind'));
  const name = scalar(get(node, 'metadata', 'name')) ?? '';
  const api = scalar(get(node, 'apiVersion')) ?? '';
  if (kind === 'Application' && argoPrunesNode(node)) {
    const spec = get(node, 'spec');
    for (const src of [get(spec, 'source'), ...items(get(spec, 'sources'))]) {
      const p = scalar(get(src, 'path'));
      if (p !== undefined) out.push({ path: normGitPath(p), owner: `Argo CD Application ${name}` });
    }
  } else if (kind === 'Kustomization' && api.startsWith('kustomize.toolkit.fluxcd.io') && boolOf(get(node, 'spec', 'prune')) === true) {
    out.push({ path: normGitPath(scalar(get(node, 'spec', 'path')) ?? ''), owner: `Flux Kustomization ${name}` });
  }
  return out;
}

/** Cheap test before parsing: only files that could declare a pruning controller. */
export function mayDeclarePruner(text: string): boolean {
  return /\bprune:\s*["']?true\b/.test(text) && /\bkind:\s*["']?(Application|Kustomization)\b/.test(text);
}

/** Every pruned path a YAML text declares. Never throws; an unparseable text declares none. */
export function prunersInYaml(text: string): PrunedPath[] {
  if (!mayDeclarePruner(text)) return [];
  const out: PrunedPath[] = [];
  for (const doc of parseYamlDocs(text).docs) out.push(...prunedPathsOfNode(doc));
  return out;
}
