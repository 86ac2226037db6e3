/**
 * In-editor test of where the commands written into files would act: a package.json script or a
 * Makefile recipe that another process (a CLI agent) writes on disk is judged with the same
 * environment reader as the terminals, and its Problems entry and the event's details say "Where: PRODUCTION —
 * kube context …" while KUBECONFIG names a production kubeconfig. The reader takes KUBECONFIG
 * from the extension host's environment, which this test sets (it runs in that host) to a
 * kubeconfig it writes outside the workspace, and puts back afterwards.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { EVENT_DETAILS_SCHEME } from '../../src/core/ui-text';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { blastRadius, fileUri, nextEvent, settled, TEST_GUARD_MS } from './helpers';

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Blast Radius');
}

function kubeconfig(current: string): string {
  return `apiVersion: v1\nclusters:\n- name: c\n  cluster:\n    server: https://${current}.k8s.example.com:6443\ncontexts:\n- name: ${current}\n  context:\n    cluster: c\n    namespace: payments\ncurrent-context: ${current}\n`;
}

const pkg = (script: string): string => `{\n  "name": "ops",\n  "scripts": {\n    "deploy": "${script}"\n  }\n}\n`;

describe('commands in files say where they would act (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);
  let api: BlastRadiusApi;
  let configs: string;
  const kubeconfigBefore = process.env.KUBECONFIG;
  const written: vscode.Uri[] = [];

  before(async () => {
    api = await blastRadius();
    await api.edits.baselinesReady;
    configs = mkdtempSync(path.join(os.tmpdir(), 'br-kubeconfigs-'));
    writeFileSync(path.join(configs, 'prod.yaml'), kubeconfig('prod-eu-1'));
    writeFileSync(path.join(configs, 'dev.yaml'), kubeconfig('dev-eu-1'));
  });

  after(async () => {
    if (kubeconfigBefore === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = kubeconfigBefore;
    // The files stay in the scratch workspace; their events are closed so later suites start clean.
    await settled(api);
    for (const uri of written) api.edits.accept(uri);
    await settled(api);
    rmSync(configs, { recursive: true, force: true });
  });

  /** Writes `text` to `rel` on disk, as a CLI agent would, and resolves with our diagnostics once one says `where`. */
  async function writeAndWaitFor(rel: string, text: string, where: string): Promise<vscode.Diagnostic[]> {
    const uri = fileUri(rel);
    written.push(uri);
    const shown = nextEvent(`a Problems entry on ${rel} saying "${where}"`, vscode.languages.onDidChangeDiagnostics, (e) => e.uris.some((u) => u.toString() === uri.toString()) && ours(uri).some((d) => d.message.includes(where)));
    mkdirSync(path.dirname(uri.fsPath), { recursive: true });
    writeFileSync(uri.fsPath, text);
    await settled(api);
    await shown;
    return ours(uri);
  }

  it('a package.json script and a Makefile recipe against the production kube context: raised, and the Problems entry and the event say where', async () => {
    process.env.KUBECONFIG = path.join(configs, 'prod.yaml');
    const dir = `env-prod-${Date.now()}`;
    const where = 'Where: PRODUCTION — kube context `prod-eu-1`, namespace `payments`';

    const script = await writeAndWaitFor(`${dir}/package.json`, pkg('kubectl delete deployment web'), where);
    const d = script.find((x) => x.message.includes(where))!;
    assert.match(d.message, /^package\.json script "deploy": .*against production: kube context `prod-eu-1`, namespace `payments`/, d.message);
    // Deleting a deployment is medium on its own; against production it is a step higher, so an error.
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error, d.message);
    // Over the flagged line the hover stands beside this entry and says only what it does not: the raised score's decision.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', fileUri(`${dir}/package.json`), d.range.start);
    const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(hover, /`KUBE005` · score \*\*\d+\*\*\/100 · high · needs confirmation/, hover);
    // The event's details (the Events view's Show Details) say where too.
    const event = api.state.events.list().find((e) => e.uri?.toString() === fileUri(`${dir}/package.json`).toString() && e.status === 'open');
    assert.ok(event, 'an open event for the script');
    const details = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: EVENT_DETAILS_SCHEME, path: `/event/${event.id}.md` }));
    assert.match(details.getText(), /\n\*Where:\* PRODUCTION — kube context `prod-eu-1`, namespace `payments`/, details.getText());

    // An apply has no finding of its own: against production it gets the warn-level one a terminal command gets.
    const recipe = await writeAndWaitFor(`${dir}/Makefile`, 'apply:\n\tkubectl apply -f k8s/\n', where);
    assert.deepEqual(
      recipe.map((x) => (x.code as { value: string }).value),
      ['ENV001'],
      recipe.map((x) => x.message).join(' | '),
    );
  });

  it('the same files while KUBECONFIG names a development context: the script says where without raising, the apply raises nothing', async () => {
    process.env.KUBECONFIG = path.join(configs, 'dev.yaml');
    const dir = `env-dev-${Date.now()}`;
    const script = await writeAndWaitFor(`${dir}/package.json`, pkg('kubectl delete deployment web'), 'Where: kube context `dev-eu-1`, namespace `payments`');
    assert.ok(script.every((x) => !x.message.includes('PRODUCTION') && !x.message.includes('against production')), script.map((x) => x.message).join(' | '));
    assert.equal(script[0].severity, vscode.DiagnosticSeverity.Warning, script[0].message);

    const uri = fileUri(`${dir}/Makefile`);
    written.push(uri);
    writeFileSync(uri.fsPath, 'apply:\n\tkubectl apply -f k8s/\n');
    // The barrier and flush: the write has reached the extension and been judged.
    await settled(api);
    assert.deepEqual(ours(uri), []);
  });
});
