/**
 * A small status bar item that appears when the workspace's default target is production: the
 * kubeconfig's current context, the AWS profile, the gcloud project, the az subscription, or the
 * folder's Terraform workspace or Pulumi stack. An agent's `kubectl delete` or `terraform apply`
 * lands there unless the line says otherwise, so the user sees it before anything runs. Checked
 * on start, when settings change, when a terminal command ends and every few seconds (a stat
 * of a handful of files).
 */
import * as vscode from 'vscode';
import { defaultTargets } from '../core/environment/workspace';
import { commandContext } from './command-context';
import type { State } from './state';

const REFRESH_MS = 10_000;

/** What the item shows now, checked afresh (for the API that in-editor tests drive). */
export interface ProductionStatus {
  shown: boolean;
  text: string;
  /** The targets the tooltip names, one per line ("Terraform: Terraform workspace `prod`"). */
  tooltip: string;
}

export function registerEnvironmentStatus(state: State): () => ProductionStatus {
  const item = state.own(vscode.window.createStatusBarItem('blastRadius.environment', vscode.StatusBarAlignment.Left, 49));
  item.name = 'Blast Radius: production target';
  item.command = 'blastRadius.showLog';
  let last = '';
  let lastTip = '';
  const refresh = state.guard('environment status', () => {
    const targets = defaultTargets(commandContext(), state.config.policy().production);
    const prod = targets.filter((t) => t.production);
    const key = JSON.stringify(prod);
    if (key === last) return;
    last = key;
    if (!prod.length) {
      lastTip = '';
      item.hide();
      return;
    }
    item.text = `$(flame) production`;
    const tip = new vscode.MarkdownString('**Blast Radius:** commands here land on production by default.\n\n');
    lastTip = prod.map((t) => `${t.tool}: ${t.label}`).join('\n');
    for (const t of prod) tip.appendText(`${t.tool}: ${t.label}\n\n`);
    tip.appendText('Changes to production are warned about and destructive steps raised one step.');
    item.tooltip = tip;
    item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    item.accessibilityInformation = { label: `Blast Radius: production target, ${prod.map((t) => `${t.tool} ${t.label}`).join('; ')}` };
    item.show();
    state.log.info(`default target is production: ${prod.map((t) => `${t.tool} ${t.label}`).join('; ')}`);
  });
  const timer = setInterval(refresh, REFRESH_MS);
  state.own(
    state.config.onDidChange(refresh),
    vscode.window.onDidEndTerminalShellExecution(refresh),
    vscode.workspace.onDidChangeWorkspaceFolders(refresh),
    { dispose: () => clearInterval(timer) },
  );
  refresh();
  return () => {
    refresh();
    return { shown: !!last && last !== '[]', text: item.text, tooltip: lastTip };
  };
}
