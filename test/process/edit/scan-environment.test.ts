/**
 * `blast-radius scan` judges the commands written into package.json scripts and Makefile recipes
 * where they would act on this machine, with the same environment reader as `check` and the editor:
 * the caller's KUBECONFIG or ~/.kube/config, and a Terraform workspace selected in the file's own
 * folder. In process through runScan, and as users run it through the built dist/cli.js.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runScan } from '../../../src/cli/scan';
import type { ScanReport } from '../../../src/core/edit/report';
import { buildCliOnce } from '../../helpers/build';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function kubeconfig(current: string): string {
  return `apiVersion: v1\nclusters:\n- name: c\n  cluster:\n    server: https://${current}.k8s.example.com:6443\ncontexts:\n- name: ${current}\n  context:\n    cluster: c\n    namespace: payments\ncurrent-context: ${current}\n`;
}

const pkg = (script: string): string => `{\n  "name": "ops",\n  "scripts": {\n    "deploy": "${script}"\n  }\n}\n`;

describe('blast-radius scan: where the commands in files would act', function () {
  this.timeout(60_000);
  let dir: string;
  let repo: string;
  let prodHome: string;
  let devHome: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'br-scan-env-'));
    prodHome = path.join(dir, 'home-prod');
    devHome = path.join(dir, 'home-dev');
    for (const [home, ctx] of [
      [prodHome, 'prod-eu-1'],
      [devHome, 'dev-eu-1'],
    ]) {
      mkdirSync(path.join(home, '.kube'), { recursive: true });
      writeFileSync(path.join(home, '.kube', 'config'), kubeconfig(ctx));
    }
    repo = path.join(dir, 'repo');
    mkdirSync(repo);
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q');
    writeFileSync(path.join(repo, 'README.md'), '# ops\n');
    writeFileSync(path.join(repo, '.gitignore'), '.terraform/\n');
    git('add', '-A');
    git('commit', '-qm', 'init');
    // What the scan sees: new files, each with a command that acts wherever the machine points.
    mkdirSync(path.join(repo, 'ops'));
    writeFileSync(path.join(repo, 'ops', 'package.json'), pkg('kubectl delete deployment web'));
    writeFileSync(path.join(repo, 'ops', 'Makefile'), 'apply:\n\tkubectl apply -f k8s/\n');
    // Terraform's selected workspace is the folder's own: prod in infra/, none at the top.
    mkdirSync(path.join(repo, 'infra', '.terraform'), { recursive: true });
    writeFileSync(path.join(repo, 'infra', '.terraform', 'environment'), 'prod');
    writeFileSync(path.join(repo, 'infra', 'Makefile'), 'release:\n\tterraform apply\n');
    writeFileSync(path.join(repo, 'Makefile'), 'release:\n\tterraform apply\n');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  async function scanJson(env: NodeJS.ProcessEnv): Promise<{ code: number; report: ScanReport; err: string }> {
    let out = '';
    let err = '';
    const code = await runScan(['--format', 'json'], { stdout: (s) => void (out += s), stderr: (s) => void (err += s), cwd: repo, env, home: env.HOME });
    return { code, report: JSON.parse(out) as ScanReport, err };
  }

  const findingsOf = (report: ScanReport, file: string) => report.files.find((f) => f.path === file)?.findings ?? [];

  it("reads the caller's kubeconfig: a package.json script deleting in the production context is raised one step and says where", async () => {
    const prod = await scanJson({ PATH: process.env.PATH, HOME: prodHome });
    const dev = await scanJson({ PATH: process.env.PATH, HOME: devHome });
    const [p] = findingsOf(prod.report, 'ops/package.json');
    const [d] = findingsOf(dev.report, 'ops/package.json');
    assert.ok(p && d, JSON.stringify(prod.report.files.map((f) => f.path)));
    assert.equal(p.environment?.production, true, JSON.stringify(p));
    assert.match(p.environment?.label ?? '', /^kube context `prod-eu-1`, namespace `payments`/);
    assert.match(p.message, /against production: kube context `prod-eu-1`, namespace `payments`/);
    assert.equal(d.environment?.production, false);
    assert.ok(p.score > d.score, `${p.severity} ${p.score} against ${d.severity} ${d.score}`);
    // An apply has no finding of its own: against production it is a warn-level one (ENV001), against dev nothing.
    assert.deepEqual(findingsOf(prod.report, 'ops/Makefile').map((f) => [f.ruleId, f.environment?.production]), [['ENV001', true]]);
    assert.deepEqual(findingsOf(dev.report, 'ops/Makefile'), []);
  });

  it("judges each file in its own folder: a Makefile next to a selected prod Terraform workspace, not the one above it", async () => {
    const { report } = await scanJson({ PATH: process.env.PATH, HOME: devHome });
    const infra = findingsOf(report, 'infra/Makefile');
    assert.deepEqual(infra.map((f) => [f.ruleId, f.environment?.production]), [['ENV001', true]]);
    assert.match(infra[0].environment?.label ?? '', /Terraform workspace `prod`/);
    assert.deepEqual(findingsOf(report, 'Makefile'), []);
  });

  it('the built CLI passes its own environment: KUBECONFIG names the production kubeconfig, and the text says where', () => {
    buildCliOnce();
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'scan', '--cwd', repo], {
      cwd: repo,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: devHome, KUBECONFIG: path.join(prodHome, '.kube', 'config'), XDG_CONFIG_HOME: path.join(dir, 'xdg'), NO_COLOR: '1' },
    });
    assert.equal(r.status, 20, r.stderr + r.stdout);
    assert.match(r.stdout, /ops\/package\.json \[added\][\s\S]*?where: PRODUCTION — kube context `prod-eu-1`, namespace `payments`/, r.stdout);
  });
});
