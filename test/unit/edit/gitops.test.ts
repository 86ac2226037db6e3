/**
 * GitOps controllers declared in the workspace (not only in the step): the adapter scans for them
 * (src/node/gitops-pruners.ts) and hands them in as EditContext.gitopsPruners.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateBatch } from '../../../src/core/edit/engine';
import { prunersInYaml } from '../../../src/core/edit/gitops';
import type { EditContext, FileChange } from '../../../src/core/edit/types';
import { findGitopsPruners, gitopsContext } from '../../../src/node/gitops-pruners';

const argoApp = (name: string, p: string, prune = true) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ${name}\nspec:\n  source:\n    repoURL: https://git.example.com/deploy.git\n    path: ${p}\n  syncPolicy:\n    automated:\n      prune: ${prune}\n`;
const fluxKs = (name: string, p: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\nspec:\n  path: ${p}\n  prune: true\n`;
const redis = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: redis\nspec:\n  serviceName: redis\n';

function found(changes: FileChange[], ctx: EditContext = {}): string[] {
  return evaluateBatch(changes, { ctx }).files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.ruleId}:${x.severity}`));
}

describe('gitops: pruning controllers declared in the workspace', () => {
  it('reads the paths of Argo CD Applications with automated prune and Flux Kustomizations with prune', () => {
    assert.deepEqual(prunersInYaml(`${argoApp('prod', 'apps/prod/')}---\n${fluxKs('infra', './infra/prod')}---\n${argoApp('dev', 'apps/dev', false)}`), [
      { path: 'apps/prod', owner: 'Argo CD Application prod' },
      { path: 'infra/prod', owner: 'Flux Kustomization infra' },
    ]);
    assert.deepEqual(prunersInYaml('kind: Application\nprune: true\n  : : [\n'), []);
  });

  it('a manifest deleted under a path a workspace Application prunes is KUB011; without the fact it stays quiet', () => {
    const del: FileChange[] = [{ path: 'apps/prod/redis.yaml', before: redis, after: undefined }];
    assert.deepEqual(found(del).filter((f) => f.includes('KUB011')), []);
    assert.deepEqual(found(del, { gitopsPruners: [{ path: 'apps/prod', owner: 'Argo CD Application prod' }] }).filter((f) => f.includes('KUB011')), ['apps/prod/redis.yaml:KUB011:high']);
    // A workspace controller that syncs the repository root may be another repository's: not taken.
    assert.deepEqual(found(del, { gitopsPruners: [{ path: '', owner: 'Argo CD Application all' }] }).filter((f) => f.includes('KUB011')), []);
    assert.deepEqual(found(del, { gitopsPruners: [{ path: 'apps/staging', owner: 'Argo CD Application staging' }] }).filter((f) => f.includes('KUB011')), []);
  });

  it('a file deleted in a folder kustomize builds is left to the kustomization (its lists decide what is deployed)', () => {
    const del: FileChange[] = [{ path: 'apps/prod/redis.yaml', before: redis, after: undefined }];
    const ctx: EditContext = { gitopsPruners: [{ path: 'apps', owner: 'Argo CD Application prod' }], kustomizeFolders: ['apps/prod'] };
    assert.deepEqual(found(del, ctx).filter((f) => f.includes('KUB011')), []);
    assert.deepEqual(found(del, { ...ctx, kustomizeFolders: ['apps/staging'] }).filter((f) => f.includes('KUB011')), ['apps/prod/redis.yaml:KUB011:high']);
  });

  it('a base dropped from an overlay a workspace controller prunes is high', () => {
    const k: FileChange[] = [{ path: 'apps/dev/kustomization.yaml', before: 'resources:\n  - ../base/api\n  - ../base/redis\n', after: 'resources:\n  - ../base/api\n' }];
    assert.deepEqual(found(k).filter((f) => f.includes('KUB008')), ['apps/dev/kustomization.yaml:KUB008:medium']);
    assert.deepEqual(found(k, { gitopsPruners: [{ path: 'apps/dev', owner: 'Flux Kustomization apps' }] }).filter((f) => f.includes('KUB008')), ['apps/dev/kustomization.yaml:KUB008:high']);
  });
});

describe('gitops: the workspace scan (findGitopsPruners)', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'br-gitops-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const put = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };

  it('finds controllers in nested folders, skips dependency folders, hidden folders and malformed YAML', () => {
    put('argocd/apps/prod.yaml', argoApp('prod', 'apps/prod'));
    put('clusters/prod/flux-system/infra.yml', fluxKs('infra', './infra/prod'));
    put('node_modules/chart/app.yaml', argoApp('vendored', 'x'));
    put('.github/app.yaml', argoApp('hidden', 'y'));
    put('broken/app.yaml', 'kind: Application\nprune: true\n  - : [\n');
    put('apps/prod/redis.yaml', redis);
    const got = findGitopsPruners(root).map((p) => p.path).sort();
    assert.deepEqual(got, ['apps/prod', 'infra/prod']);
  });

  it('hands the engine the kustomize folders along with the pruned paths, and nothing when no controller prunes', () => {
    put('argocd/prod.yaml', argoApp('prod', 'apps/prod'));
    put('apps/prod/kustomization.yaml', 'resources:\n  - redis.yaml\n');
    put('apps/prod/redis.yaml', redis);
    assert.deepEqual(gitopsContext(root).kustomizeFolders, ['apps/prod']);
    rmSync(path.join(root, 'argocd'), { recursive: true });
    assert.deepEqual(gitopsContext(root), {});
  });

  it('stops at its limits instead of reading a whole large tree, and a missing root is none', () => {
    for (let i = 0; i < 5; i++) put(`a${i}/app.yaml`, argoApp(`a${i}`, `apps/a${i}`));
    assert.equal(findGitopsPruners(root, { maxEntries: 20_000, maxFiles: 2, maxFileBytes: 1 << 16, maxDepth: 8, budgetMs: 10_000 }).length, 2);
    assert.equal(findGitopsPruners(root, { maxEntries: 20_000, maxFiles: 100, maxFileBytes: 10, maxDepth: 8, budgetMs: 10_000 }).length, 0);
    assert.deepEqual(findGitopsPruners(path.join(root, 'missing')), []);
  });
});

describe('KUB013 helm-dependency-removed', () => {
  const kub013 = (changes: FileChange[]) => found(changes).filter((f) => f.includes('KUB013'));

  it('a subchart switched off through the condition the step\'s Chart.yaml declares is medium; an unrelated toggle is quiet', () => {
    const chart = { path: 'charts/shop/Chart.yaml', before: 'apiVersion: v2\nname: shop\n', after: 'apiVersion: v2\nname: shop\ndependencies:\n  - name: web\n    condition: frontend.enabled\n' };
    const values = { path: 'charts/shop/values.yaml', before: 'frontend:\n  enabled: true\nmetrics:\n  enabled: true\n', after: 'frontend:\n  enabled: false\nmetrics:\n  enabled: false\n' };
    assert.deepEqual(kub013([chart, values]), ['charts/shop/values.yaml:KUB013:medium']);
    assert.deepEqual(kub013([values]), []);
  });

  it('a dependency is known by its alias: renaming the alias removes the old one, bumping the version does not', () => {
    const dep = (alias: string, version: string) => `apiVersion: v2\nname: shop\ndependencies:\n  - name: redis\n    alias: ${alias}\n    version: ${version}\n`;
    assert.deepEqual(kub013([{ path: 'charts/shop/Chart.yaml', before: dep('cache', '18.0.0'), after: dep('cache', '19.0.0') }]), []);
    assert.deepEqual(kub013([{ path: 'charts/shop/Chart.yaml', before: dep('cache', '18.0.0'), after: dep('sessions', '18.0.0') }]), ['charts/shop/Chart.yaml:KUB013:high']);
  });

  it('never throws on malformed YAML', () => {
    assert.doesNotThrow(() => kub013([{ path: 'charts/shop/Chart.yaml', before: 'dependencies:\n  - name: redis\n', after: 'dependencies: [\n  - : :\n' }]));
    assert.doesNotThrow(() => kub013([{ path: 'charts/shop/values.yaml', before: '- a\n- b\n', after: 'redis: [enabled\n' }]));
  });
});
