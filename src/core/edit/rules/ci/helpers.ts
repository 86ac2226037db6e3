/**
 * What several ci rules share.
 */
import { type DocMap, type DocNode, entry, get, items, scalar, scalarList } from '../../../parsers/tree';
import type { FileView, Side } from '../../view';

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

export const TESTY = /\b(test|tests|testing|spec|specs|pytest|jest|mocha|vitest|rspec|phpunit|go test|cargo test|ctest|unittest|e2e|integration|check)\b/i;

export function isTestJob(job: CiJob): boolean {
  return TESTY.test(job.name) || job.scripts.some((s) => TESTY.test(s.text) && /\b(test|spec|pytest|jest|mocha|vitest|rspec|phpunit|check)\b/.test(s.text));
}
