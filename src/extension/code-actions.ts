/**
 * What a flagged range offers: a hover with the score, the reason, what it would destroy and the
 * safer way, and the standard actions (revert, accept, allow this rule here, show diff, show the
 * rule's documentation) as quick fixes and as commands the events view can call too. Every word
 * shown comes from core/present.
 */
import * as vscode from 'vscode';
import { findingActions, hoverMarkdown, type FindingActionKind } from '../core/present';
import { ruleMetaById } from '../core/rule-meta';
import { findingsOnLine } from '../core/watch/findings';
import type { EditWatching } from './edit-watching';
import { WATCHED_SCHEMES } from './edit-paths';
import type { EditFinding } from '../core/edit/types';
import { openRuleDocs } from './rule-docs';
import { errorText, type State } from './state';

const COMMAND_OF: Readonly<Record<FindingActionKind, string>> = {
  revert: 'blastRadius.revertChange',
  accept: 'blastRadius.acceptChange',
  'allow-rule-here': 'blastRadius.allowRuleHere',
  'show-diff': 'blastRadius.showDiff',
  'show-docs': 'blastRadius.showRuleDocs',
};

const RULE_ID = /^[A-Z][A-Z0-9]{1,5}\d{3}$/;

/** The file a command is about: a Uri, its string, an object with a `uri` (an event), or the active editor's. */
function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.includes(':') && !RULE_ID.test(arg)) {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  if (arg && typeof arg === 'object') {
    const o = arg as { uri?: unknown; resourceUri?: unknown; event?: { uri?: unknown } };
    if (o.uri instanceof vscode.Uri) return o.uri;
    if (o.resourceUri instanceof vscode.Uri) return o.resourceUri;
    if (o.event?.uri instanceof vscode.Uri) return o.event.uri;
  }
  return vscode.window.activeTextEditor?.document.uri;
}

function rangeOf(arg: unknown): vscode.Range | undefined {
  return arg instanceof vscode.Range ? arg : undefined;
}

/** A rule id given directly, or the first finding's of an event-like object. */
function ruleOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && RULE_ID.test(arg)) return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as { ruleId?: unknown; findings?: { ruleId?: unknown }[] };
    if (typeof o.ruleId === 'string') return o.ruleId;
    const first = o.findings?.[0]?.ruleId;
    if (typeof first === 'string') return first;
  }
  return undefined;
}

/** A diagnostic's rule id, whether its code carries a docs link or not. */
function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

function toVsRange(f: EditFinding): vscode.Range {
  const r = f.range;
  return new vscode.Range(r.start.line, r.start.col, r.end.line, r.end.col);
}

export function registerCodeActions(state: State, edits: EditWatching): void {
  const selector: vscode.DocumentSelector = [...WATCHED_SCHEMES].map((scheme) => ({ scheme }));

  const findingOf = (uri: vscode.Uri, diagnostic: vscode.Diagnostic): EditFinding | undefined => {
    const id = codeOf(diagnostic);
    const list = edits.findingsFor(uri).filter((f) => f.ruleId === id);
    return list.find((f) => toVsRange(f).intersection(diagnostic.range)) ?? list[0];
  };

  state.own(
    vscode.languages.registerCodeActionsProvider(
      selector,
      {
        provideCodeActions(document, _range, context): vscode.CodeAction[] {
          const out: vscode.CodeAction[] = [];
          for (const diagnostic of context.diagnostics) {
            if (diagnostic.source !== 'Blast Radius') continue;
            const f = findingOf(document.uri, diagnostic);
            if (!f) continue;
            const created = edits.createdFile(document.uri, document.getText());
            for (const a of findingActions(f, { canRevert: true, canDiff: true, ...(created ? { created } : {}) })) {
              const action = new vscode.CodeAction(a.title, vscode.CodeActionKind.QuickFix);
              action.diagnostics = [diagnostic];
              if (a.preferred) action.isPreferred = true;
              const args: unknown[] =
                a.kind === 'revert' ? [document.uri, diagnostic.range] : a.kind === 'show-docs' ? [f.ruleId] : a.kind === 'allow-rule-here' ? [document.uri, f.ruleId] : [document.uri];
              action.command = { command: COMMAND_OF[a.kind], title: a.title, arguments: args };
              out.push(action);
            }
          }
          return out;
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.languages.registerHoverProvider(selector, {
      provideHover(document, position): vscode.Hover | undefined {
        const here = findingsOnLine(edits.findingsFor(document.uri), position.line).slice(0, 3);
        if (!here.length) return undefined;
        const attribution = edits.attributionOf(document.uri);
        const shown = state.diagnostics.get(document.uri) ?? [];
        const md = new vscode.MarkdownString(undefined, true);
        md.isTrusted = { enabledCommands: ['blastRadius.showRuleDocs'] };
        for (const [i, f] of here.entries()) {
          if (i) md.appendMarkdown('\n\n---\n\n');
          const link = `command:blastRadius.showRuleDocs?${encodeURIComponent(JSON.stringify([f.ruleId]))}`;
          // Over the flagged range VS Code shows the diagnostic's message itself; elsewhere on the line it does not.
          const withMessage = !shown.some((d) => codeOf(d) === f.ruleId && d.range.contains(position));
          md.appendMarkdown(hoverMarkdown(f, state.config.strictness, link, { attribution, rule: ruleMetaById(f.ruleId), withMessage }));
        }
        return new vscode.Hover(md, toVsRange(here[0]));
      },
    }),
    vscode.commands.registerCommand('blastRadius.revertChange', async (target?: unknown, range?: unknown) => {
      const uri = uriOf(target);
      if (!uri) return false;
      try {
        const ok = await edits.revert(uri, rangeOf(range));
        if (!ok) state.log.info(`nothing to revert in ${uri.fsPath}`);
        return ok;
      } catch (e) {
        state.log.error(`revert of ${uri.fsPath} failed: ${e instanceof Error ? e.message : String(e)}`);
        void vscode.window.showWarningMessage(`Blast Radius could not revert ${edits.relativePath(uri)}; see the log. Show Diff has the last known version.`);
        return false;
      }
    }),
    vscode.commands.registerCommand(
      'blastRadius.acceptChange',
      state.guard('accept change', (target?: unknown) => {
        const uri = uriOf(target);
        if (uri) edits.accept(uri);
      }),
    ),
    vscode.commands.registerCommand('blastRadius.allowRuleHere', async (target?: unknown, rule?: unknown) => {
      const uri = uriOf(target);
      if (!uri) return;
      const ruleId = ruleOf(rule) ?? ruleOf(target) ?? edits.findingsFor(uri)[0]?.ruleId;
      if (!ruleId) return;
      const path = edits.relativePath(uri);
      try {
        await state.config.addAllowEntry({ path, rule: ruleId });
        state.audit.record({ kind: 'setting', path, ruleIds: [ruleId], status: 'allowed', detail: `allowed ${ruleId} for ${path} (user settings, blastRadius.allow)` });
        state.log.info(`allowed ${ruleId} for ${path} in user settings`);
      } catch (e) {
        state.log.error(`allowing ${ruleId} for ${path} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
    vscode.commands.registerCommand(
      'blastRadius.showDiff',
      state.guard('show diff', async (target?: unknown) => {
        const uri = uriOf(target);
        if (uri) await edits.showDiff(uri);
      }),
    ),
    // Resolves to whether a page was shown; our own failure is logged, as state.guard does.
    vscode.commands.registerCommand('blastRadius.showRuleDocs', async (target?: unknown, rule?: unknown): Promise<boolean> => {
      try {
        const uri = uriOf(target);
        const ruleId = ruleOf(target) ?? ruleOf(rule) ?? (uri ? edits.findingsFor(uri)[0]?.ruleId : undefined);
        return ruleId ? await openRuleDocs(state, ruleId) : false;
      } catch (e) {
        state.log.error(`show rule docs failed: ${errorText(e)}`);
        return false;
      }
    }),
  );
}
