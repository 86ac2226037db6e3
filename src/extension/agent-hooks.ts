/**
 * The editor's side of agent hooks: "Protect an Agent…" and "Stop Protecting an Agent…" run the
 * same install code as `blast-radius hooks install` (src/node/hooks), in-process, with the
 * extension's own launcher in global storage; "Update Copilot Approval List" writes deny entries
 * derived from the rule packs into `chat.tools.terminal.autoApprove`, owning only those.
 * `protectedAgentsSummary()` feeds the status bar tooltip.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { COMMAND_RULES } from '../core/rules/index';
import { AGENT_IDS, AGENTS, type AgentId, type Scope } from '../node/hooks/agents';
import { AUTO_APPROVE_KEY } from '../node/hooks/cleanup';
import { ConfigError } from '../node/hooks/config-formats';
import { copilotDenyEntries, planApprovals } from '../node/hooks/copilot-approvals';
import { gitHookStatus, installGitHook, uninstallGitHook } from '../node/hooks/git-hook';
import { HEALTH_LABEL } from '../node/hooks/agent-state';
import { agentHooksSummary, agentStatus, describeRow, installAgentHook, knownLaunchers, uninstallAgentHook } from '../node/hooks/install';
import { hostEnv, tildify } from '../node/hooks/paths';
import { updateRegistry } from '../node/hooks/registry';
import type { EditWatching } from './edit-watching';
import { errorText, type State } from './state';

/** globalState key: the autoApprove entries we wrote (key → value), so a re-run replaces only those. */
const OWNED_APPROVALS = 'blastRadius.copilotApprovals.owned';

const NO_HOOKS = 'Agent hooks: none yet. Run “Blast Radius: Protect an Agent…” to add Claude Code, Codex, Gemini CLI, Copilot CLI or Cursor.';
let summary = NO_HOOKS;
/** Agents whose hook is installed, by agent id (the welcome view's context keys read them). */
let installedAgents: readonly string[] = [];
const summaryChanged = new vscode.EventEmitter<void>();

/** The agents (ids of AGENT_IDS) whose Blast Radius hook is installed, as last read. */
export function protectedAgents(): readonly string[] {
  return installedAgents;
}

/**
 * For the status bar tooltip: which agents run Blast Radius before their tool calls, and for each
 * hook whether the agent will really run it (trust steps, switches in its settings, the launcher).
 */
export function protectedAgentsSummary(): string {
  return summary;
}

/** Fires when the summary changes (after Protect/Stop Protecting, and when the window regains focus). */
export const onDidChangeAgentsSummary = summaryChanged.event;

interface Target {
  id: AgentId | 'git';
  label: string;
}

function workspaceDir(): string | undefined {
  const f = vscode.workspace.workspaceFolders?.[0];
  return f?.uri.scheme === 'file' ? f.uri.fsPath : undefined;
}

export function registerAgentHooks(state: State, edits?: Pick<EditWatching, 'adopt'>): void {
  const context = state.context;
  const host = hostEnv();
  const storage = context.globalStorageUri.scheme === 'file' ? context.globalStorageUri.fsPath : undefined;
  const launcher = storage ? path.join(storage, 'bin', process.platform === 'win32' ? 'blast-radius.cmd' : 'blast-radius') : undefined;
  // `<user data>/User/globalStorage/<id>` → `<user data>/User/settings.json`, for the uninstall script.
  const settingsFile = storage ? path.join(storage, '..', '..', 'settings.json') : undefined;

  const refresh = (): void => {
    try {
      const launchers = knownLaunchers(host, [launcher]);
      const ws = workspaceDir();
      const rows = agentStatus(host, ws ?? host.home, launchers);
      const git = ws ? gitHookStatus(ws, launchers, host.platform) : undefined;
      const next = agentHooksSummary(rows, !!git?.installed) ?? NO_HOOKS;
      const agents = [...new Set(rows.filter((r) => r.installed).map((r) => r.agent))].sort();
      if (next !== summary || agents.join() !== installedAgents.join()) {
        summary = next;
        installedAgents = agents;
        for (const r of rows.filter((x) => x.installed && x.health !== 'active')) state.log.info(`agent hooks: ${describeRow(r)}`);
        summaryChanged.fire();
      }
    } catch (e) {
      state.log.warn(`agent hooks: status unavailable: ${errorText(e)}`);
    }
  };
  // Trust is granted in the agent, outside the editor: look again when the user comes back.
  state.own(
    vscode.window.onDidChangeWindowState((w) => {
      if (w.focused) refresh();
    }),
  );
  // Off the activation path: reading a dozen settings files is not worth delaying startup for.
  const timer = setTimeout(() => {
    if (storage) {
      try {
        updateRegistry(host, (reg) => {
          if (!reg.extensions.some((e) => e.globalStorage === storage)) reg.extensions.push({ globalStorage: storage, ...(settingsFile ? { settingsFile } : {}) });
        });
      } catch (e) {
        state.log.warn(`agent hooks: could not record the extension's storage: ${errorText(e)}`);
      }
    }
    refresh();
  }, 2000);
  state.own({ dispose: () => clearTimeout(timer) });

  /** Where each agent's hook is installed already, and whether the agent runs it, for the picker. */
  const installedNow = (): Map<AgentId, string> => {
    const out = new Map<AgentId, string>();
    try {
      for (const r of agentStatus(host, workspaceDir() ?? host.home, knownLaunchers(host, [launcher])).filter((x) => x.installed)) {
        out.set(r.agent, [out.get(r.agent), `Installed (${r.scope}): ${HEALTH_LABEL[r.health ?? 'cannot-verify']}.`].filter(Boolean).join(' '));
      }
    } catch (e) {
      state.log.warn(`agent hooks: status unavailable: ${errorText(e)}`);
    }
    return out;
  };

  const targets = (): (Target & vscode.QuickPickItem)[] => {
    const now = installedNow();
    return [
      ...AGENT_IDS.map((id) => ({
        id,
        label: AGENTS[id].name,
        description: AGENTS[id].event,
        detail: `${now.has(id) ? `${now.get(id)} ` : ''}Checks ${AGENTS[id].covers}. ${
          id === 'vscode'
            ? 'Gate-level calls wait for your answer in this editor\'s dialog before the tool runs. The user hook adds one folder to chat.hookFilesLocations in your settings.'
            : AGENTS[id].canAsk
              ? 'Gate-level calls ask you in the agent, and are denied in runs that cannot ask (headless, allow-all).'
              : 'Cannot ask: gate-level calls are denied.'
        }`,
      })),
      { id: 'git' as const, label: 'Git pre-commit check', description: 'this workspace', detail: 'Runs `blast-radius scan --staged` before each commit and refuses gate-level changes.' },
    ];
  };

  /**
   * `arg` (from other extensions or tests; adding protection needs no confirmation) names the agent
   * and scope and skips the pickers. Removing protection has no such shortcut.
   */
  const protect = async (arg?: { agent?: unknown; scope?: unknown }): Promise<void> => {
    if (!launcher) {
      void vscode.window.showWarningMessage('Blast Radius: the extension storage is not on a local disk, so there is no launcher for agent hooks. Use `blast-radius hooks install` from a terminal.');
      return;
    }
    const choices = targets();
    const given = choices.find((t) => t.id === arg?.agent);
    const target = given ?? (await vscode.window.showQuickPick(choices, { title: 'Blast Radius: Protect an Agent', placeHolder: 'Which agent should check its tool calls with Blast Radius?' }));
    if (!target) return;
    const ws = workspaceDir();
    const launchers = knownLaunchers(host, [launcher]);
    try {
      if (target.id === 'git') {
        if (!ws) {
          void vscode.window.showWarningMessage('Blast Radius: open a folder in a git repository first.');
          return;
        }
        const r = installGitHook(ws, host, launcher, launchers);
        state.log.info(`agent hooks: git pre-commit check ${r.changed ? 'installed in' : 'already in'} ${r.file}`);
        void vscode.window.showInformationMessage(`Blast Radius: the pre-commit check is ${r.changed ? 'installed' : 'already installed'} (${r.file}).`);
      } else {
        const scopes: (vscode.QuickPickItem & { scope: Scope })[] = [{ scope: 'user', label: 'For me (user settings)', description: AGENTS[target.id].name }];
        if (ws) scopes.push({ scope: 'project', label: 'For this project', description: path.basename(ws), detail: 'Project settings are usually committed; the hook names a launcher on this machine.' });
        const scope = scopes.find((s) => given && s.scope === arg?.scope) ?? (scopes.length === 1 ? scopes[0] : await vscode.window.showQuickPick(scopes, { title: `Protect ${target.label}`, placeHolder: 'Where should the hook be registered?' }));
        if (!scope) return;
        // VS Code's own agents: this window's user settings list our hook folder.
        const r = installAgentHook({ agent: target.id, scope: scope.scope, host, projectDir: ws ?? host.home, launcher: { launcher, launchers }, ...(settingsFile ? { editorSettings: settingsFile } : {}) });
        await edits?.adopt(r.file);
        if (r.settings?.changed) await edits?.adopt(r.settings.file);
        state.log.info(`agent hooks: ${target.id} (${scope.scope}) ${r.changed ? `added to ${r.file}` : `already in ${r.file}`}${r.backup ? `, backup ${r.backup}` : ''}`);
        // Installed is not running: say what the agent will do with it, and what is left for the user.
        const row = agentStatus(host, ws ?? host.home, launchers).find((x) => x.agent === target.id && x.scope === scope.scope && x.installed);
        const open = 'Open Settings File';
        const where = tildify(r.file, host);
        const problem = row?.problems?.[0];
        const shown =
          !row || row.health === 'active'
            ? vscode.window.showInformationMessage(`Blast Radius: ${target.label} ${r.changed ? 'now checks' : 'already checks'} its tool calls (${where}).`, open)
            : row.health === 'cannot-verify'
              ? vscode.window.showInformationMessage(`Blast Radius: the hook is in ${where}. ${problem?.detail ?? ''}`, open)
              : vscode.window.showWarningMessage(`Blast Radius: the hook is in ${where}, but ${target.label} will not run it yet (${HEALTH_LABEL[row.health ?? 'cannot-verify']}): ${problem?.detail ?? ''}`, open);
        // A caller that named the agent is not kept waiting on the notification.
        const openIt = async (): Promise<void> => {
          if ((await shown) === open) await vscode.window.showTextDocument(vscode.Uri.file(r.file));
        };
        if (given) void openIt();
        else await openIt();
      }
    } catch (e) {
      const why = e instanceof ConfigError ? e.message : errorText(e);
      state.log.error(`agent hooks: install ${target.id} failed: ${why}`);
      void vscode.window.showErrorMessage(`Blast Radius: could not protect ${target.label}: ${why}`);
    }
    refresh();
  };

  const unprotect = async (): Promise<void> => {
    const ws = workspaceDir();
    const launchers = knownLaunchers(host, [launcher]);
    const installed = agentStatus(host, ws ?? host.home, launchers).filter((r) => r.installed);
    const items: (vscode.QuickPickItem & { run: () => string })[] = installed.map((r) => ({
      label: `${AGENTS[r.agent].name} (${r.scope})`,
      description: tildify(r.file, host),
      run: () => {
        const done = uninstallAgentHook({ agent: r.agent, scope: r.scope, host, projectDir: ws ?? host.home, launchers, ...(settingsFile ? { editorSettings: settingsFile } : {}) });
        // A person confirmed this in a modal: the files as they are now are not an agent's edit.
        for (const x of done) void edits?.adopt(x.file);
        return done.map((x) => `${x.action} ${x.file}`).join('; ');
      },
    }));
    if (ws && gitHookStatus(ws, launchers, host.platform).installed) {
      items.push({ label: 'Git pre-commit check', description: ws, run: () => { const r = uninstallGitHook(ws, host, launchers); return `${r.action} ${r.file}`; } });
    }
    if (!items.length) {
      void vscode.window.showInformationMessage('Blast Radius: no agent hook of ours is installed.');
      return;
    }
    const title = 'Blast Radius: Stop Protecting an Agent';
    let shown = false;
    // The workbench reports the focused item once it shows the pick.
    const onDidSelectItem = (): void => {
      if (!shown) state.pickShown(title);
      shown = true;
    };
    const pick = await vscode.window.showQuickPick(items, { title, onDidSelectItem });
    if (!pick) return;
    // Loosening protection: confirm in a modal, which an agent driving the editor cannot answer.
    const yes = 'Remove Hook';
    if ((await vscode.window.showWarningMessage(`Stop checking ${pick.label} tool calls with Blast Radius?`, { modal: true }, yes)) !== yes) return;
    try {
      state.log.info(`agent hooks: removed ${pick.label}: ${pick.run()}`);
    } catch (e) {
      void vscode.window.showErrorMessage(`Blast Radius: could not remove the hook: ${errorText(e)}`);
    }
    refresh();
  };

  const updateCopilotApprovals = async (): Promise<void> => {
    const section = vscode.workspace.getConfiguration('chat.tools.terminal');
    const current = section.inspect<Record<string, unknown>>('autoApprove')?.globalValue;
    const owned = context.globalState.get<Record<string, unknown>>(OWNED_APPROVALS) ?? {};
    const plan = planApprovals(current, owned, copilotDenyEntries(COMMAND_RULES));
    try {
      await section.update('autoApprove', plan.next, vscode.ConfigurationTarget.Global);
    } catch (e) {
      state.log.error(`agent hooks: could not write ${AUTO_APPROVE_KEY}: ${errorText(e)}`);
      void vscode.window.showErrorMessage(`Blast Radius: could not update ${AUTO_APPROVE_KEY} (this editor may not have Copilot's terminal approval list): ${errorText(e)}`);
      return;
    }
    await context.globalState.update(OWNED_APPROVALS, plan.owned);
    if (settingsFile) {
      try {
        updateRegistry(host, (reg) => {
          reg.copilotApprovals = reg.copilotApprovals.filter((r) => r.settingsFile !== settingsFile);
          if (Object.keys(plan.owned).length) reg.copilotApprovals.push({ settingsFile, entries: plan.owned });
        });
      } catch (e) {
        state.log.warn(`agent hooks: could not record the approval entries: ${errorText(e)}`);
      }
    }
    const total = Object.keys(plan.owned).length;
    state.log.info(`agent hooks: ${AUTO_APPROVE_KEY}: ${total} deny entries of ours (${plan.added.length} added, ${plan.removed.length} removed), ${plan.userKept.length} of the user's kept`);
    void vscode.window.showInformationMessage(
      `Blast Radius: Copilot will always ask before ${total} kinds of destructive command (${plan.added.length} new, ${plan.removed.length} dropped${plan.userKept.length ? `, ${plan.userKept.length} of your own entries kept as they are` : ''}). Autopilot and Bypass Approvals modes skip this list; the terminal gate still applies there.`,
    );
  };

  state.own(
    vscode.commands.registerCommand('blastRadius.protectAgent', state.guard('protect agent', protect)),
    vscode.commands.registerCommand('blastRadius.unprotectAgent', state.guard('unprotect agent', unprotect)),
    vscode.commands.registerCommand('blastRadius.updateCopilotApprovals', state.guard('update Copilot approvals', updateCopilotApprovals)),
  );
}
