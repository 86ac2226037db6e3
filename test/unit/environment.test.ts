import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/core/engine';
import { evaluateEdit } from '../../src/core/edit/engine';
import type { EditContext } from '../../src/core/edit/types';
import { diagnosticMessage } from '../../src/core/present';
import { fixedReader, type EnvironmentReader } from '../../src/core/environment/index';
import { parseIni } from '../../src/core/environment/ini';
import { defaultTargets } from '../../src/core/environment/workspace';
import { defaultProductionName, isLoopbackHost, hostOfUrl } from '../../src/core/environment/production';
import { commandAllowed, mergeTighten, normalizePolicy, type Policy } from '../../src/core/policy';
import type { CommandContext } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';
import { parseConfigYaml } from '../../src/node/config-yaml';

const HOME = TEST_CONTEXT.home!;

function kubeconfig(current: string, server = 'https://api.example.com'): string {
  return `apiVersion: v1\nclusters:\n- name: c\n  cluster:\n    server: ${server}\ncontexts:\n- name: ${current}\n  context:\n    cluster: c\n    namespace: payments\ncurrent-context: ${current}\n`;
}

function ctxWith(files: Record<string, string>, vars: Record<string, string> = {}, opts: Parameters<typeof fixedReader>[2] = {}): CommandContext {
  return { ...TEST_CONTEXT, environment: fixedReader(files, vars, { yaml: parseConfigYaml, ...opts }) };
}

/** A reader that counts what it is asked. */
function counting(inner: EnvironmentReader): EnvironmentReader & { calls: number } {
  const r = {
    calls: 0,
    variable: (n: string) => {
      r.calls++;
      return inner.variable(n);
    },
    file: (p: string) => {
      r.calls++;
      return inner.file(p);
    },
    list: (p: string) => {
      r.calls++;
      return inner.list(p);
    },
  };
  return r;
}

describe('environment: production raises one step, once', () => {
  const prodConfig = { [`${HOME}/.kube/config`]: kubeconfig('prod-eu-1') };
  const devConfig = { [`${HOME}/.kube/config`]: kubeconfig('dev-eu-1') };

  it('a production current context raises a finding one step and says where', () => {
    const dev = evaluateCommand('kubectl delete deployment web', { ctx: ctxWith(devConfig) });
    const prod = evaluateCommand('kubectl delete deployment web', { ctx: ctxWith(prodConfig) });
    assert.equal(dev.severity, 'medium');
    assert.equal(prod.severity, 'high');
    assert.match(prod.findings[0].message, /against production: kube context `prod-eu-1`, namespace `payments`\.$/);
    assert.equal(prod.findings[0].environment?.production, true);
  });

  it('a production name on the line and a production kubeconfig together still raise one step', () => {
    const lineOnly = evaluateCommand('kubectl --context prod-eu-1 delete deployment web', { ctx: TEST_CONTEXT });
    const both = evaluateCommand('kubectl --context prod-eu-1 delete deployment web', { ctx: ctxWith(prodConfig) });
    const fileOnly = evaluateCommand('kubectl delete deployment web', { ctx: ctxWith(prodConfig) });
    assert.equal(lineOnly.severity, 'high');
    assert.equal(both.severity, 'high');
    assert.equal(fileOnly.severity, 'high');
    assert.equal(both.score, lineOnly.score);
  });

  it('a declared cluster identity and a production-looking name agree: still one step', () => {
    const policy = normalizePolicy({ production: { clusters: ['https://api.example.com'] } }).policy;
    const r = evaluateCommand('kubectl delete deployment web', { ctx: ctxWith(prodConfig), policy });
    assert.equal(r.severity, 'high');
  });

  it('a critical finding stays critical', () => {
    const r = evaluateCommand('kubectl delete namespace payments', { ctx: ctxWith(prodConfig) });
    assert.equal(r.severity, 'critical');
  });

  it('a command run on another machine is not judged by this machine\'s kubeconfig', () => {
    const r = evaluateCommand("ssh bastion 'kubectl delete deployment web'", { ctx: ctxWith(prodConfig) });
    assert.equal(r.severity, 'medium', 'the remote kubectl is judged, and not raised');
    assert.ok(r.findings.every((f) => !f.environment?.production), r.findings.map((f) => f.message).join(' | '));
  });

  it('a command run inside a pod acts where its kubectl acts', () => {
    const dev = evaluateCommand('kubectl exec deploy/web -- rm -rf uploads', { ctx: ctxWith(devConfig) });
    const prod = evaluateCommand('kubectl exec deploy/web -- rm -rf uploads', { ctx: ctxWith(prodConfig) });
    const top = prod.findings.find((f) => f.ruleId.startsWith('FS'));
    assert.ok(top?.environment?.production, prod.findings.map((f) => `${f.ruleId} ${f.message}`).join(' | '));
    assert.ok(prod.score > dev.score, `${prod.score} > ${dev.score}`);
  });

  it('follows the context switched earlier on the line, and the namespace set with it', () => {
    const r = evaluateCommand('kubectl config use-context prod-eu-1 && kubectl config set-context --current --namespace=billing && kubectl delete deployment web', { ctx: ctxWith(devConfig) });
    assert.equal(r.severity, 'high');
    assert.match(r.findings[0].message, /kube context `prod-eu-1`, namespace `billing`/);
  });

  it('without a YAML parser from the adapter a kubeconfig is an unknown environment, said, never safe', () => {
    const ctx: CommandContext = { ...TEST_CONTEXT, environment: fixedReader(prodConfig) };
    const r = evaluateCommand('kubectl delete deployment web', { ctx });
    const f = r.findings.find((x) => x.ruleId !== 'UNK001');
    assert.ok(f?.message.includes('environment unknown'), f?.message);
    assert.match(f?.message ?? '', /no YAML parser/);
  });

  it('a context the line makes from a computed name is unknown, and said', () => {
    const r = evaluateCommand('kubectl config use-context "$CTX" && kubectl delete deployment web', { ctx: ctxWith(devConfig) });
    const f = r.findings.find((x) => x.ruleId !== 'UNK001');
    assert.ok(f?.message.includes('environment unknown'), f?.message);
  });
});

describe('environment: read lazily', () => {
  it('the pre-filter\'s benign path reads nothing', () => {
    const reader = counting(fixedReader({ [`${HOME}/.kube/config`]: kubeconfig('prod') }));
    for (const line of ['git status', 'ls -la', 'npm test', 'rm -rf dist']) evaluateCommand(line, { ctx: { ...TEST_CONTEXT, environment: reader } });
    assert.equal(reader.calls, 0);
  });

  it('a command no rule finds anything in reads nothing', () => {
    const reader = counting(fixedReader({ [`${HOME}/.kube/config`]: kubeconfig('prod') }));
    for (const line of ['kubectl get pods', 'terraform plan', 'aws s3 ls', 'helm list']) evaluateCommand(line, { ctx: { ...TEST_CONTEXT, environment: reader } });
    assert.equal(reader.calls, 0);
  });
});

describe('environment: production rule ENV001', () => {
  it('warns on a change to production that no other rule flags, and only then', () => {
    const prod = evaluateCommand('terraform apply', { ctx: ctxWith({ '/home/dev/project/.terraform/environment': 'prod' }) });
    assert.equal(prod.decision, 'warn');
    assert.equal(prod.findings[0].ruleId, 'ENV001');
    assert.match(prod.findings[0].message, /`terraform apply` changes production: Terraform workspace `prod`/);
    const dev = evaluateCommand('terraform apply', { ctx: ctxWith({ '/home/dev/project/.terraform/environment': 'dev' }) });
    assert.equal(dev.decision, 'allow');
  });

  it('steps aside when another rule already speaks for the command', () => {
    const r = evaluateCommand('terraform apply -auto-approve', { ctx: ctxWith({ '/home/dev/project/.terraform/environment': 'prod' }) });
    assert.ok(r.findings.length > 0);
    assert.ok(!r.findings.some((f) => f.ruleId === 'ENV001'), r.findings.map((f) => f.ruleId).join(','));
    assert.ok(r.findings.some((f) => f.environment?.production));
  });
});

describe('environment: local targets', () => {
  const local = { [`${HOME}/.kube/config`]: kubeconfig('kind-dev', 'https://127.0.0.1:6443') };
  const optIn = normalizePolicy({ production: { lowerLocal: true } }).policy;

  it('lower one step only with the user\'s opt-in', () => {
    assert.equal(evaluateCommand('kubectl delete deployment web', { ctx: ctxWith(local) }).severity, 'medium');
    assert.equal(evaluateCommand('kubectl delete deployment web', { ctx: ctxWith(local), policy: optIn }).severity, 'low');
  });

  it('never when the kubeconfig changed during the session or the line picked the context', () => {
    assert.equal(evaluateCommand('kubectl delete deployment web', { ctx: ctxWith(local, {}, { writtenInSession: [`${HOME}/.kube/config`] }), policy: optIn }).severity, 'medium');
    assert.equal(evaluateCommand('kubectl config use-context kind-dev && kubectl delete deployment web', { ctx: ctxWith(local), policy: optIn }).severity, 'medium');
    assert.equal(evaluateCommand('KUBECONFIG=/tmp/k kubectl delete deployment web', { ctx: ctxWith({ '/tmp/k': kubeconfig('kind-dev', 'https://127.0.0.1:6443') }), policy: optIn }).severity, 'medium');
  });

  it('a repository cannot opt in', () => {
    const repo = normalizePolicy({ production: { lowerLocal: true, names: ['blue-*'] } }).policy;
    const { policy, ignored } = mergeTighten(normalizePolicy({}).policy, repo);
    assert.equal(policy.production?.lowerLocal, undefined);
    assert.deepEqual(policy.production?.names, ['blue-*']);
    assert.ok(ignored.some((i) => i.includes('lowerLocal')), ignored.join('; '));
  });
});

describe('environment: policy', () => {
  it('normalises the production declaration and reports bad values', () => {
    const { policy, problems } = normalizePolicy({ production: { names: ['blue-*', 3], accounts: '1', hosts: ['db.acme.io'], lowerLocal: 'yes', colour: [] } });
    assert.deepEqual(policy.production, { names: ['blue-*'], hosts: ['db.acme.io'] });
    assert.equal(problems.length, 4, problems.map((p) => p.message).join('; '));
  });

  it('a repository adds production targets and never removes the user\'s', () => {
    const user = normalizePolicy({ production: { accounts: ['111111111111'], lowerLocal: true } }).policy;
    const repo = normalizePolicy({ production: { accounts: ['222222222222'], clusters: ['https://k8s.acme.io'] } }).policy;
    const { policy } = mergeTighten(user, repo);
    assert.deepEqual(policy.production, { accounts: ['111111111111', '222222222222'], clusters: ['https://k8s.acme.io'], lowerLocal: true });
  });

  it('an "always allow" entry applies only in the environment it was granted in, never to production', () => {
    const now = new Date();
    const policy: Policy = { strictness: 'balanced', rules: {}, allow: [{ command: 'kubectl delete deployment web', workspace: '/w', environment: 'kubernetes:kube context=dev' }, { command: 'helm rollback api' }] };
    assert.ok(commandAllowed(policy, 'kubectl delete deployment web', 'KUBE005', '/w', now, { env: { key: 'kubernetes:kube context=dev', production: false } }));
    assert.ok(!commandAllowed(policy, 'kubectl delete deployment web', 'KUBE005', '/w', now, { env: { key: 'kubernetes:kube context=staging', production: false } }));
    assert.ok(!commandAllowed(policy, 'kubectl delete deployment web', 'KUBE005', '/w', now, { env: { key: 'kubernetes:kube context=dev', production: true } }));
    // An entry that recorded no environment (written by hand, or before environments were read) applies anywhere but production.
    assert.ok(commandAllowed(policy, 'helm rollback api', 'KUBE012', '/w', now, { env: { key: 'kubernetes:kube context=dev', production: false } }));
    assert.ok(!commandAllowed(policy, 'helm rollback api', 'KUBE012', '/w', now, { env: { key: 'kubernetes:kube context=prod', production: true } }));
  });

  it('a Terraform root\'s folder is part of where it acts: said once, and an allow entry for one root does not cover another', () => {
    const root = TEST_CONTEXT.workspaceRoot!;
    const files = { [`${root}/envs/prod/main.tf`]: '', [`${root}/envs/dev/main.tf`]: '', [`${root}/envs/staging/main.tf`]: '' };
    const prod = evaluateCommand('cd envs/prod && terraform apply', { ctx: ctxWith(files) });
    assert.equal(prod.findings[0]?.environment?.label, 'folder `envs/prod`');
    const key = (dir: string): string | undefined => evaluateCommand('terraform apply -auto-approve -replace=aws_s3_bucket.b', { ctx: { ...ctxWith(files), cwd: `${root}/envs/${dir}` } }).findings[0]?.environment?.key;
    assert.ok(key('dev') && key('staging'));
    assert.notEqual(key('dev'), key('staging'));
  });

  it('a folder a PowerShell or cmd.exe line moves to is a Windows path: outside the repository its name says nothing, inside it counts as a bash cd does', () => {
    const root = TEST_CONTEXT.workspaceRoot!;
    const files = { [`${root}/envs/prod/main.tf`]: '', [`${root}/envs/dev/main.tf`]: '' };
    // Outside the repository, as `cd /infra/prod` is: no fact from the folder's name.
    for (const [shell, line] of [
      ['pwsh', 'Set-Location C:\\infra\\prod; terraform apply'],
      ['cmd', 'cd /d D:\\live\\production && terraform apply'],
      ['pwsh', 'Set-Location \\\\fs01\\prod\\stack; terraform apply'],
      ['bash', 'cd /infra/prod && terraform apply'],
    ] as const) {
      const r = evaluateCommand(line, { ctx: { ...ctxWith(files), shell } });
      assert.equal(r.findings.find((f) => f.ruleId === 'ENV001'), undefined, `${shell}: ${line}: ${r.findings.map((f) => f.message).join(' | ')}`);
    }
    // A workspace on Windows: the root's folders, however the line spells the way there.
    const win: CommandContext = { ...TEST_CONTEXT, cwd: 'C:\\proj', workspaceRoot: 'C:\\proj', repositoryRoots: ['C:\\proj'], shell: 'pwsh', environment: fixedReader({ 'C:/proj/envs/prod/main.tf': '', 'C:/proj/envs/dev/main.tf': '' }, {}, { yaml: parseConfigYaml }) };
    for (const line of ['Set-Location C:\\proj\\envs\\prod; terraform apply', 'cd envs\\prod; terraform apply', 'Set-Location c:/proj/envs/prod; terraform apply', 'terraform -chdir=envs\\prod apply']) {
      const r = evaluateCommand(line, { ctx: win });
      assert.equal(r.findings[0]?.environment?.label, 'folder `envs/prod`', `${line}: ${r.findings.map((f) => f.message).join(' | ')}`);
    }
    assert.equal(evaluateCommand('cd envs\\dev; terraform apply', { ctx: win }).findings.find((f) => f.ruleId === 'ENV001'), undefined);
  });

  it('the engine checks allow entries against where the line acts', () => {
    const files = { [`${HOME}/.kube/config`]: kubeconfig('dev-eu-1') };
    const first = evaluateCommand('kubectl delete deployment web', { ctx: ctxWith(files) });
    const key = first.findings[0].environment!.key;
    const policy: Policy = { strictness: 'balanced', rules: {}, allow: [{ command: 'kubectl delete deployment web', environment: key }] };
    assert.equal(evaluateCommand('kubectl delete deployment web', { ctx: ctxWith(files), policy }).decision, 'allow');
    assert.equal(evaluateCommand('kubectl delete deployment web', { ctx: ctxWith({ [`${HOME}/.kube/config`]: kubeconfig('staging-eu-1') }), policy }).decision, 'warn');
    assert.equal(evaluateCommand('kubectl delete deployment web', { ctx: ctxWith({ [`${HOME}/.kube/config`]: kubeconfig('prod-eu-1') }), policy }).decision, 'gate');
  });
});

describe('environment: names, hosts and INI', () => {
  it('defaults: prod parts always; live only among environment-named siblings', () => {
    for (const yes of ['prod', 'api-prod', 'gke_acme_prod-eu', 'PRD', 'production-2', 'prod3']) assert.ok(defaultProductionName(yes), yes);
    for (const no of ['product', 'reprod', 'live', 'acme-live', 'olive']) assert.ok(!defaultProductionName(no), no);
    assert.ok(defaultProductionName('live', ['dev', 'staging', 'live']));
    assert.ok(!defaultProductionName('live', ['modules', 'docs']));
  });

  it('loopback means an address or localhost, never a local-sounding name', () => {
    for (const yes of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) assert.ok(isLoopbackHost(yes), yes);
    for (const no of ['192.168.49.2', 'minikube', 'local', 'kind-control-plane', 'localhost.acme.io', '10.0.0.1']) assert.ok(!isLoopbackHost(no), no);
    assert.equal(hostOfUrl('https://user@[::1]:6443/x'), '[::1]');
    assert.equal(hostOfUrl('postgres://u:p@db.prod:5432/app'), 'db.prod');
  });

  it('reads AWS-style INI: whole section names, comments, sub-properties', () => {
    const ini = parseIni('\uFEFF[profile prod.eu]\nrole_arn = arn:aws:iam::1:role/x ; comment\ns3 =\n  max_concurrent_requests = 10\nregion=eu-west-1\n# note\n[default]\nregion = us-east-1 #c\n');
    assert.equal(ini.sections.get('profile prod.eu')?.get('role_arn'), 'arn:aws:iam::1:role/x');
    assert.equal(ini.sections.get('profile prod.eu')?.get('region'), 'eu-west-1');
    assert.equal(ini.sections.get('profile prod.eu')?.has('max_concurrent_requests'), false);
    assert.equal(ini.sections.get('default')?.get('region'), 'us-east-1');
  });
});

describe('environment: the workspace\'s default targets (status bar)', () => {
  it('names each tool\'s default target and which are production', () => {
    const ctx = ctxWith({ [`${HOME}/.kube/config`]: kubeconfig('prod-eu-1'), '/home/dev/project/.terraform/environment': 'staging' }, { AWS_PROFILE: 'dev' });
    const t = defaultTargets(ctx, undefined);
    assert.deepEqual(t.filter((x) => x.production).map((x) => [x.tool, x.label]), [['Kubernetes', 'kube context `prod-eu-1`, namespace `payments`']]);
    assert.ok(t.some((x) => x.tool === 'Terraform' && x.label.includes('`staging`') && !x.production));
    assert.ok(t.some((x) => x.tool === 'AWS' && x.label.includes('`dev`') && !x.production));
  });

  it('nothing production, nothing to show', () => {
    const ctx = ctxWith({ [`${HOME}/.kube/config`]: kubeconfig('dev-eu-1') });
    assert.ok(defaultTargets(ctx, undefined).every((x) => !x.production));
  });
});

describe('environment: commands written into files say where they would act', () => {
  const prodConfig = { [`${HOME}/.kube/config`]: kubeconfig('prod-eu-1') };
  const devConfig = { [`${HOME}/.kube/config`]: kubeconfig('dev-eu-1') };
  const reader = (files: Record<string, string>): EnvironmentReader => fixedReader(files, {}, { yaml: parseConfigYaml });
  const edit = (path: string, before: string, after: string, ctx: EditContext = {}, policy?: Policy) => evaluateEdit({ path, before, after }, { ctx: { workspace: '/home/dev/project', ...ctx }, policy });
  const pkg = (script: string): string => `{\n  "name": "app",\n  "scripts": {\n    "deploy": "${script}"\n  }\n}\n`;
  const before = pkg('echo nothing yet');

  it('a package.json script is read with the same environment reader as a terminal command: raised one step, and the Problems entry says where', () => {
    const plain = edit('package.json', before, pkg('kubectl delete deployment web'));
    const dev = edit('package.json', before, pkg('kubectl delete deployment web'), { environment: reader(devConfig), home: HOME });
    const prod = edit('package.json', before, pkg('kubectl delete deployment web'), { environment: reader(prodConfig), home: HOME });
    const terminal = evaluateCommand('kubectl delete deployment web', { ctx: ctxWith(prodConfig) });
    assert.deepEqual([plain.severity, dev.severity, prod.severity], ['medium', 'medium', terminal.severity]);
    assert.equal(plain.findings[0].environment, undefined);
    assert.deepEqual(prod.findings[0].environment, terminal.findings[0].environment);
    assert.match(prod.findings[0].message, /^package\.json script "deploy": .*against production: kube context `prod-eu-1`, namespace `payments`\.$/);
    const problem = diagnosticMessage(prod.findings[0]);
    assert.ok(problem.includes('Where: PRODUCTION — kube context `prod-eu-1`, namespace `payments`. [score'), problem);
    assert.ok(diagnosticMessage(dev.findings[0]).includes('Where: kube context `dev-eu-1`, namespace `payments`.'), diagnosticMessage(dev.findings[0]));
    assert.ok(!diagnosticMessage(plain.findings[0]).includes('Where:'));
  });

  it('a Makefile recipe that applies to production gets the warn-level finding a terminal command gets; against dev, nothing', () => {
    const mk = (cmd: string): string => `deploy:\n\t${cmd}\n`;
    const prod = edit('Makefile', 'deploy:\n\techo\n', mk('kubectl apply -f k8s/'), { environment: reader(prodConfig), home: HOME });
    const dev = edit('Makefile', 'deploy:\n\techo\n', mk('kubectl apply -f k8s/'), { environment: reader(devConfig), home: HOME });
    assert.deepEqual(prod.findings.map((f) => [f.ruleId, f.environment?.production]), [['ENV001', true]]);
    assert.deepEqual(dev.findings, []);
  });

  it("a CI job or a Dockerfile step runs on another machine: this machine's kubeconfig says nothing about it", () => {
    const wf = (cmd: string): string => `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${cmd}\n`;
    const ci = edit('.github/workflows/deploy.yml', wf('echo'), wf('kubectl delete deployment web'), { environment: reader(prodConfig), home: HOME });
    assert.ok(ci.findings.length > 0);
    assert.ok(ci.findings.every((f) => !f.environment && !/production/.test(f.message)), ci.findings.map((f) => f.message).join(' | '));
    const docker = edit('Dockerfile', 'FROM alpine\n', 'FROM alpine\nRUN kubectl delete deployment web\n', { environment: reader(prodConfig), home: HOME });
    assert.ok(docker.findings.every((f) => !f.environment), docker.findings.map((f) => f.message).join(' | '));
  });

  it("what the policy declares production counts for commands in files too", () => {
    const staging = { [`${HOME}/.kube/config`]: kubeconfig('blue-eu-1') };
    const policy = normalizePolicy({ production: { names: ['blue-*'] } }).policy;
    const declared = edit('package.json', before, pkg('kubectl delete deployment web'), { environment: reader(staging), home: HOME }, policy);
    const undeclared = edit('package.json', before, pkg('kubectl delete deployment web'), { environment: reader(staging), home: HOME });
    assert.deepEqual([declared.findings[0].environment?.production, undeclared.findings[0].environment?.production], [true, false]);
  });
});
