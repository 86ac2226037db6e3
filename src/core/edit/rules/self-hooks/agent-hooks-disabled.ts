import { kindName } from '../../../plain-text';
import { isOurHookCommand } from '../../../guard';
import type { FileView } from '../../view';
import { defineRule } from '../helpers';
import { HOOK_FILES, obj, plain, spanOf } from './helpers';

function truthy(v: unknown): boolean {
  // Claude Code reads any value but false, "false" and null as "on".
  return v !== undefined && v !== null && v !== false && v !== 'false';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

interface Switch {
  message: string;
  needle: string;
}

/** Codex's `[hooks.state."<file>:pre_tool_use:<group>:<handler>"]` entries. */
function hookStates(v: unknown): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const state = obj(obj(obj(v)?.hooks)?.state);
  for (const [k, s] of Object.entries(state ?? {})) if (/:pre_tool_use:/.test(k) && obj(s)) out.set(k, obj(s)!);
  return out;
}

/** Codex feature tables: `[features]` and every `[profiles.<name>.features]`. */
function featureTables(v: unknown): [string, Record<string, unknown>][] {
  const root = obj(v);
  const out: [string, Record<string, unknown>][] = [];
  const f = obj(root?.features);
  if (f) out.push(['[features]', f]);
  for (const [name, p] of Object.entries(obj(root?.profiles) ?? {})) {
    const pf = obj(obj(p)?.features);
    if (pf) out.push([`[profiles.${name}.features]`, pf]);
  }
  return out;
}

/** The switches an edit turned to "hooks off", whatever the agent. */
function switchesOff(view: FileView): Switch[] {
  const b = plain(view, 'before');
  const a = plain(view, 'after');
  const out: Switch[] = [];
  const bo = obj(b);
  const ao = obj(a);
  if (!ao) return out;
  // Claude Code and Copilot CLI: settings files, managed settings and Copilot's hook files.
  if (truthy(ao.disableAllHooks) && !truthy(bo?.disableAllHooks)) out.push({ message: 'sets disableAllHooks: the agent runs no hooks at all, the Blast Radius hook included', needle: 'disableAllHooks' });
  if (ao.allowManagedHooksOnly === true && bo?.allowManagedHooksOnly !== true) out.push({ message: 'sets allowManagedHooksOnly: only managed hooks run, so the Blast Radius hook (in user or project settings) does not', needle: 'allowManagedHooksOnly' });
  const addedDisabled = strings(ao.disabledHooks).filter((h) => !strings(bo?.disabledHooks).includes(h));
  if (addedDisabled.length) out.push({ message: `adds ${addedDisabled.slice(0, 3).join(', ')} to disabledHooks: a disabled hook never runs, and Copilot CLI names hooks by a hash that may be the Blast Radius hook's`, needle: 'disabledHooks' });
  // Gemini CLI.
  const gb = obj(bo?.hooksConfig);
  const ga = obj(ao.hooksConfig);
  if (ga?.enabled === false && gb?.enabled !== false) out.push({ message: 'sets hooksConfig.enabled to false: Gemini CLI runs no hooks, the Blast Radius hook included', needle: '"enabled"' });
  const ours = (name: string): boolean => name === 'blast-radius' || isOurHookCommand(name);
  const newlyOff = strings(ga?.disabled).filter((n) => ours(n) && !strings(gb?.disabled).includes(n));
  if (newlyOff.length) out.push({ message: `adds ${newlyOff[0]} to hooksConfig.disabled: Gemini CLI skips the Blast Radius hook`, needle: newlyOff[0] });
  // Codex: the hooks feature, managed-only hooks, and the trust of each hook.
  for (const [table, f] of featureTables(a)) {
    for (const key of ['hooks', 'codex_hooks']) {
      const was = featureTables(b).find(([t]) => t === table)?.[1][key];
      if (f[key] === false && was !== false) out.push({ message: `sets ${key} = false in ${table}: Codex runs no hooks, the Blast Radius hook included`, needle: `${key}` });
    }
  }
  // VS Code: our hook folder in chat.hookFilesLocations of the user settings (VS Code runs no hook
  // file outside the listed folders), taken out or set to false.
  const ourFolder = (k: string): boolean => /[\\/]blast-radius[\\/]vscode-hooks[\\/]?$/.test(k);
  const lb = obj(bo?.['chat.hookFilesLocations']);
  const la = obj(ao['chat.hookFilesLocations']);
  for (const [k, v] of Object.entries(lb ?? {})) {
    if (ourFolder(k) && v === true && la?.[k] !== true) out.push({ message: `takes the Blast Radius hook folder out of chat.hookFilesLocations: VS Code's agents no longer run the Blast Radius hook`, needle: la ? k : '"chat.hook' });
  }
  if (ao.allow_managed_hooks_only === true && bo?.allow_managed_hooks_only !== true) out.push({ message: 'sets allow_managed_hooks_only: Codex runs only managed hooks, so the Blast Radius hook does not', needle: 'allow_managed_hooks_only' });
  const sb = hookStates(b);
  const sa = hookStates(a);
  for (const [key, s] of sb) {
    const now = sa.get(key);
    if (now?.enabled === false && s.enabled !== false) out.push({ message: `disables the ${kindName('Codex PreToolUse hook', key.split(':').slice(-3).join(':'))} (enabled = false)`, needle: key });
    else if (typeof s.trusted_hash === 'string' && typeof now?.trusted_hash !== 'string' && now?.enabled !== false) {
      out.push({ message: `removes the trust Codex keeps for the ${kindName('PreToolUse hook', key.split(':').slice(-3).join(':'))}: Codex skips an untrusted hook without a word`, needle: key });
    }
  }
  for (const [key, s] of sa) if (!sb.has(key) && s.enabled === false) out.push({ message: `disables the ${kindName('Codex PreToolUse hook', key.split(':').slice(-3).join(':'))} (enabled = false)`, needle: key });
  return out;
}

export const agentHooksDisabled = defineRule({
  id: 'SELF009',
  name: 'agent-hooks-disabled',
  category: 'self-protection',
  severity: 'critical',
  files: HOOK_FILES,
  summary: "An edit switches an agent's hooks off: disableAllHooks (Claude Code, Copilot CLI), hooksConfig (Gemini CLI), [features] hooks or hook trust (Codex), our hook folder in chat.hookFilesLocations (VS Code).",
  rationale: "Every agent has a switch that stops its hooks, and the Blast Radius hook with them, without removing a single entry. Flipped by an edit, the agent's next destructive call is not even looked at.",
  alternative: "Leave the agent's hook switches alone; if a hook misbehaves, the user can turn it off in the agent's own hooks menu.",
  examples: {
    fire: [
      { path: '.claude/settings.local.json', before: '{\n  "permissions": {"allow": []}\n}\n', after: '{\n  "permissions": {"allow": []},\n  "disableAllHooks": true\n}\n' },
      { path: '.gemini/settings.json', before: '{"hooksConfig": {"enabled": true}}\n', after: '{"hooksConfig": {"enabled": false}}\n' },
      { path: '.codex/config.toml', before: 'model = "o4"\n', after: 'model = "o4"\n\n[features]\nhooks = false\n' },
      {
        path: '.codex/config.toml',
        before: '[hooks.state."/home/u/.codex/config.toml:pre_tool_use:0:0"]\ntrusted_hash = "sha256:abc"\n',
        after: '[hooks.state."/home/u/.codex/config.toml:pre_tool_use:0:0"]\n',
      },
      { path: '.github/copilot/settings.json', before: '{}\n', after: '{"disableAllHooks": true}\n' },
      {
        path: '/home/u/.config/Code/User/settings.json',
        before: '{\n  "chat.hookFilesLocations": {\n    "/home/u/.local/share/blast-radius/vscode-hooks": true\n  }\n}\n',
        after: '{\n  "chat.hookFilesLocations": {\n    "/home/u/.local/share/blast-radius/vscode-hooks": false\n  }\n}\n',
      },
      { path: '/home/u/.config/Code/User/settings.json', before: '{\n  "editor.fontSize": 14,\n  "chat.hookFilesLocations": { "/home/u/.local/share/blast-radius/vscode-hooks": true }\n}\n', after: '{\n  "editor.fontSize": 14\n}\n' },
    ],
    pass: [
      { path: '.claude/settings.local.json', before: '{\n  "disableAllHooks": true\n}\n', after: '{\n  "disableAllHooks": false\n}\n' },
      { path: '.gemini/settings.json', before: '{"hooksConfig": {"disabled": []}}\n', after: '{"hooksConfig": {"disabled": ["prettier-on-save"]}}\n' },
      { path: '.codex/config.toml', before: '[features]\nhooks = false\n', after: '[features]\nhooks = true\n' },
      {
        path: '/home/u/.config/Code/User/settings.json',
        before: '{\n  "chat.hookFilesLocations": { "~/team-hooks": true, "/home/u/.local/share/blast-radius/vscode-hooks": true }\n}\n',
        after: '{\n  "chat.hookFilesLocations": { "/home/u/.local/share/blast-radius/vscode-hooks": true }\n}\n',
      },
      {
        path: '.codex/config.toml',
        before: 'model = "o4"\n',
        after: 'model = "o4"\n\n[hooks.state."/home/u/.codex/config.toml:pre_tool_use:0:0"]\ntrusted_hash = "sha256:abc"\n',
      },
    ],
  },
  check(view) {
    return switchesOff(view).map((s) => ({ message: s.message, afterSpan: spanOf(view, 'after', s.needle) }));
  },
});
