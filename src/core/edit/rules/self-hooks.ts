/**
 * Edits that switch an agent's Blast Radius hook off: taking our entry out of an agent's settings
 * (or narrowing it, or loosening its strictness), switching the agent's hooks off (Claude Code's
 * and Copilot CLI's `disableAllHooks`, Gemini CLI's `hooksConfig`, Codex's `[features] hooks` and
 * hook trust), and rewriting the launcher or the git pre-commit check. Files are recognised by
 * what they hold rather than only by name, since CLAUDE_CONFIG_DIR, CODEX_HOME and friends move
 * them; an edit that adds our hook or raises protection is quiet.
 */
import { isOurHookCommand, hookStrictnessFlag } from '../../guard';
import { isStrictness, strictnessRank } from '../../policy';
import type { Span } from '../../types';
import { type DocNode, toPlain } from '../../parsers/tree';
import type { EditMatch, EditRule } from '../rule';
import type { FileView, Side } from '../view';
import { defineRule } from './helpers';

/** The part of smol-toml used here. Its type declarations are ESM-only; the bundles load its CommonJS build. */
interface SmolToml {
  parse: (text: string) => Record<string, unknown>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require('smol-toml') as SmolToml;

/** JSON settings and hook files of every agent, wherever the environment put their folder. */
const JSON_FILES = ['**/settings.json', '**/settings.local.json', '**/hooks.json', '**/managed-settings.json', '**/managed-settings.d/*.json', '**/.github/hooks/*.json', '**/.copilot/hooks/*.json', '**/.copilot/config.json', '**/system-defaults.json'];
const TOML_FILES = ['**/config.toml', '**/requirements.toml', '**/managed_config.toml'];
const HOOK_FILES = [...JSON_FILES, ...TOML_FILES];

interface OurHook {
  command: string;
  /** The hook event it is registered for (`PreToolUse`, `BeforeTool`, `preToolUse`…). */
  event: string;
  /** The tool matcher of its group; undefined matches every tool. */
  matcher?: string;
  span?: Span;
}

function isToml(view: FileView): boolean {
  return view.lowerPath.endsWith('.toml');
}

/** A TOML side as plain data; undefined when it does not parse (a broken file hides nothing from the JSON rules). */
function toml(view: FileView, side: Side): Record<string, unknown> | undefined {
  return view.memo(`toml:${side}`, () => {
    const t = view.text(side);
    if (!t.trim() || view.tooLarge) return {};
    try {
      return parseToml(t);
    } catch {
      return undefined;
    }
  });
}

function plain(view: FileView, side: Side): unknown {
  return view.memo(`plain:${side}`, () => (isToml(view) ? toml(view, side) : toPlain(view.docs(side).docs[0])));
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Where a string sits in the text, for a finding's range: the first occurrence is close enough. */
function spanOf(view: FileView, side: Side, needle: string): Span | undefined {
  const at = needle ? view.text(side).indexOf(needle) : -1;
  return at === -1 ? undefined : { start: at, end: at + needle.length };
}

/**
 * Our hook commands under `hooks.<event>`, at any depth (Claude, Codex and Gemini nest them in
 * `hooks: [...]` of a matcher group; Copilot and Cursor keep them on the entry), with the matcher
 * of the group they sit in.
 */
function ourHooks(view: FileView, side: Side): OurHook[] {
  return view.memo(`ourHooks:${side}`, () => {
    const out: OurHook[] = [];
    const hooks = obj(obj(plain(view, side))?.hooks);
    if (!hooks) return out;
    const json = !isToml(view);
    const root = json ? view.docs(side).docs[0] : undefined;
    const walk = (v: unknown, event: string, matcher: string | undefined, node: DocNode | undefined, depth: number): void => {
      if (depth > 8 || out.length > 100) return;
      if (typeof v === 'string') {
        if (isOurHookCommand(v)) out.push({ command: v, event, matcher, span: node ? { start: node.start, end: node.end } : spanOf(view, side, v) });
        return;
      }
      if (Array.isArray(v)) {
        v.forEach((item, i) => walk(item, event, matcher, node?.kind === 'seq' ? node.items[i] : undefined, depth + 1));
        return;
      }
      const o = obj(v);
      if (!o) return;
      const m = typeof o.matcher === 'string' ? o.matcher : matcher;
      for (const [k, child] of Object.entries(o)) {
        if (k === 'matcher') continue;
        const sub = node?.kind === 'map' ? node.entries.find((e) => e.key === k)?.value : undefined;
        walk(child, event, m, sub, depth + 1);
      }
    };
    const hooksNode = root?.kind === 'map' ? root.entries.find((e) => e.key === 'hooks')?.value : undefined;
    for (const [event, v] of Object.entries(hooks)) {
      if (event === 'state') continue;
      const node = hooksNode?.kind === 'map' ? hooksNode.entries.find((e) => e.key === event)?.value : undefined;
      walk(v, event, undefined, node, 0);
    }
    return out;
  });
}

const ALL = new Set(['', '*', '.*', '.+']);

/** The tool names a matcher names, or undefined when it matches every tool. */
function tools(matcher: string | undefined): Set<string> | undefined {
  if (matcher === undefined || ALL.has(matcher.trim())) return undefined;
  return new Set(matcher.replace(/^\^?\(?|\)?\$?$/g, '').split('|').map((t) => t.trim()).filter(Boolean));
}

function strictnessOf(command: string): number | undefined {
  const s = hookStrictnessFlag(command);
  return s && isStrictness(s) ? strictnessRank(s) : undefined;
}

export const selfHookRemoved = defineRule({
  id: 'SELF008',
  name: 'agent-hook-removed',
  category: 'self-protection',
  severity: 'critical',
  files: HOOK_FILES,
  summary: "An edit takes the Blast Radius hook out of an agent's settings, narrows the tools it sees, or runs it at a lower strictness.",
  rationale: "The agent's hook is the one place its tool calls are checked before they run. Without our entry (or with a matcher that leaves out Bash) the agent's next `rm -rf` runs unchecked, and the agent that made the edit is the one that benefits.",
  alternative: 'Leave the hook entry alone; the user removes it with `blast-radius hooks uninstall <agent>` if they want it gone.',
  examples: {
    fire: [
      {
        path: '.claude/settings.json',
        before: '{\n  "hooks": {\n    "PreToolUse": [\n      { "matcher": "Bash|Write|Edit|MultiEdit", "hooks": [{ "type": "command", "command": "\'/home/u/.local/share/blast-radius/bin/blast-radius\' hook claude-code", "timeout": 30 }] }\n    ]\n  }\n}\n',
        after: '{\n  "hooks": {\n    "PreToolUse": []\n  }\n}\n',
      },
      {
        path: '.codex/config.toml',
        before: 'model = "o4"\n\n[[hooks.PreToolUse]]\nmatcher = "Bash|apply_patch"\n\n[[hooks.PreToolUse.hooks]]\ntype = "command"\ncommand = "\'/home/u/.local/share/blast-radius/bin/blast-radius\' hook codex"\ntimeout = 30\n',
        after: 'model = "o4"\n',
      },
      {
        path: '.claude/settings.json',
        before: '{"hooks": {"PreToolUse": [{"matcher": "Bash|Write|Edit|MultiEdit", "hooks": [{"type": "command", "command": "blast-radius hook claude-code"}]}]}}\n',
        after: '{"hooks": {"PreToolUse": [{"matcher": "Write", "hooks": [{"type": "command", "command": "blast-radius hook claude-code"}]}]}}\n',
      },
    ],
    pass: [
      {
        path: '.claude/settings.json',
        before: '{\n  "permissions": {}\n}\n',
        after: '{\n  "permissions": {},\n  "hooks": {"PreToolUse": [{"matcher": "Bash|Write|Edit|MultiEdit", "hooks": [{"type": "command", "command": "blast-radius hook claude-code"}]}]}\n}\n',
      },
      {
        path: '.claude/settings.json',
        before: '{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "./lint.sh"}]}, {"matcher": "Bash", "hooks": [{"type": "command", "command": "blast-radius hook claude-code"}]}]}}\n',
        after: '{"hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "blast-radius hook claude-code"}]}]}}\n',
      },
    ],
  },
  check(view) {
    const before = ourHooks(view, 'before');
    if (!before.length) return [];
    const after = ourHooks(view, 'after');
    if (!after.length) {
      const gone = view.status === 'deleted' ? 'deleted with the file' : 'removed';
      return [{ message: `the Blast Radius hook (${before[0].event}) is ${gone}: this agent's tool calls are no longer checked`, beforeSpan: before[0].span }];
    }
    const out: EditMatch[] = [];
    const events = new Set(after.map((h) => h.event));
    for (const h of before) {
      if (!events.has(h.event)) out.push({ message: `the Blast Radius hook no longer runs on ${h.event}, the event that comes before a tool call`, beforeSpan: h.span });
    }
    // Every tool the hook saw before must still reach one of our entries.
    const was = before.map((h) => tools(h.matcher));
    const now = after.map((h) => tools(h.matcher));
    if (!now.some((t) => t === undefined)) {
      const seen = new Set(now.flatMap((t) => [...(t ?? [])]));
      const lost = was.some((t) => t === undefined) ? ['every tool'] : [...new Set(was.flatMap((t) => [...(t ?? [])]))].filter((t) => !seen.has(t));
      if (lost.length) out.push({ message: `the Blast Radius hook no longer sees ${lost.join(', ')}: those calls run unchecked`, afterSpan: after[0].span });
    }
    const weakest = (hs: OurHook[]): number => Math.min(...hs.map((h) => strictnessOf(h.command) ?? strictnessRank('balanced')));
    const lowered = after.find((h) => (strictnessOf(h.command) ?? Infinity) < weakest(before));
    if (lowered) out.push({ message: `the Blast Radius hook now runs with --strictness ${hookStrictnessFlag(lowered.command)}`, afterSpan: lowered.span });
    return out;
  },
});

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
  if (ao.allow_managed_hooks_only === true && bo?.allow_managed_hooks_only !== true) out.push({ message: 'sets allow_managed_hooks_only: Codex runs only managed hooks, so the Blast Radius hook does not', needle: 'allow_managed_hooks_only' });
  const sb = hookStates(b);
  const sa = hookStates(a);
  for (const [key, s] of sb) {
    const now = sa.get(key);
    if (now?.enabled === false && s.enabled !== false) out.push({ message: `disables the Codex PreToolUse hook ${key.split(':').slice(-3).join(':')} (enabled = false)`, needle: key });
    else if (typeof s.trusted_hash === 'string' && typeof now?.trusted_hash !== 'string' && now?.enabled !== false) {
      out.push({ message: `removes the trust Codex keeps for the PreToolUse hook ${key.split(':').slice(-3).join(':')}: Codex skips an untrusted hook without a word`, needle: key });
    }
  }
  for (const [key, s] of sa) if (!sb.has(key) && s.enabled === false) out.push({ message: `disables the Codex PreToolUse hook ${key.split(':').slice(-3).join(':')} (enabled = false)`, needle: key });
  return out;
}

export const selfAgentHooksDisabled = defineRule({
  id: 'SELF009',
  name: 'agent-hooks-disabled',
  category: 'self-protection',
  severity: 'critical',
  files: HOOK_FILES,
  summary: "An edit switches an agent's hooks off: disableAllHooks (Claude Code, Copilot CLI), hooksConfig (Gemini CLI), [features] hooks or hook trust (Codex).",
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
    ],
    pass: [
      { path: '.claude/settings.local.json', before: '{\n  "disableAllHooks": true\n}\n', after: '{\n  "disableAllHooks": false\n}\n' },
      { path: '.gemini/settings.json', before: '{"hooksConfig": {"disabled": []}}\n', after: '{"hooksConfig": {"disabled": ["prettier-on-save"]}}\n' },
      { path: '.codex/config.toml', before: '[features]\nhooks = false\n', after: '[features]\nhooks = true\n' },
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

/** A launcher's text with the Node and CLI paths it runs taken out, so an update of the paths compares equal. */
function launcherShape(text: string): string | undefined {
  const paths = [...text.matchAll(/^(?:node|cli)='((?:[^']|'\\'')*)'$|^set "BR_(?:NODE|CLI)=(.*)"\r?$/gm)].map((m) => m[1] ?? m[2]).filter((p): p is string => !!p);
  if (!paths.length || !/Blast Radius/.test(text)) return undefined;
  let shape = text;
  for (const p of paths.sort((x, y) => y.length - x.length)) shape = shape.split(p).join('<path>');
  return shape;
}

const GIT_BLOCK = /^# >>> blast-radius[^\n]*\n[\s\S]*?scan --staged[\s\S]*?^# <<< blast-radius/m;

export const selfLauncherTampered = defineRule({
  id: 'SELF010',
  name: 'launcher-tampered',
  category: 'self-protection',
  severity: 'critical',
  files: ['**/blast-radius/bin/blast-radius', '**/blast-radius/bin/blast-radius.cmd', '**/blast-radius.blast-radius/bin/*', '**/hooks/pre-commit'],
  summary: 'An edit rewrites or deletes the Blast Radius launcher every hook runs, or takes the Blast Radius block out of a git pre-commit hook.',
  rationale: 'Agents run the launcher for every tool call and read an empty answer as "allow": a launcher that exits 0 lets everything through while every setting still says protection is on.',
  alternative: 'Leave the launcher alone; `blast-radius hooks install` rewrites it when the CLI moves.',
  examples: {
    fire: [
      {
        path: '.local/share/blast-radius/bin/blast-radius',
        before: "#!/bin/sh\n# Blast Radius hook launcher: written by `blast-radius hooks install`.\nnode='/usr/bin/node'\ncli='/opt/br/dist/cli.js'\nexec \"$node\" \"$cli\" \"$@\"\n",
        after: '#!/bin/sh\nexit 0\n',
      },
      {
        path: '.git/hooks/pre-commit',
        before: "#!/bin/sh\n# >>> blast-radius: pre-commit check\n'/home/u/.local/share/blast-radius/bin/blast-radius' scan --staged || exit 1\n# <<< blast-radius\nnpm run lint\n",
        after: '#!/bin/sh\nnpm run lint\n',
      },
    ],
    pass: [
      {
        path: '.local/share/blast-radius/bin/blast-radius',
        before: "#!/bin/sh\n# Blast Radius hook launcher: written by `blast-radius hooks install`.\nnode='/usr/bin/node'\ncli='/opt/br-1.0/dist/cli.js'\nexec \"$node\" \"$cli\" \"$@\"\n",
        after: "#!/bin/sh\n# Blast Radius hook launcher: written by `blast-radius hooks install`.\nnode='/usr/local/bin/node'\ncli='/opt/br-1.1/dist/cli.js'\nexec \"$node\" \"$cli\" \"$@\"\n",
      },
      { path: '.git/hooks/pre-commit', before: '#!/bin/sh\nnpm test\n', after: '#!/bin/sh\nnpm run lint\n' },
    ],
  },
  check(view) {
    if (view.base === 'pre-commit') {
      const block = GIT_BLOCK.exec(view.before);
      if (!block) return [];
      const kept = GIT_BLOCK.exec(view.after);
      if (!kept) return [{ message: `the Blast Radius pre-commit check is ${view.status === 'deleted' ? 'deleted with the hook' : 'taken out of the hook'}: commits are no longer scanned`, beforeSpan: { start: block.index, end: block.index + block[0].length } }];
      // A line that ends the hook before our block skips it.
      const early = /^\s*exit\b[^\n]*$/m.exec(view.after.slice(0, kept.index));
      return early ? [{ message: 'the pre-commit hook now exits before the Blast Radius check runs', afterSpan: { start: early.index, end: early.index + early[0].length } }] : [];
    }
    const was = launcherShape(view.before);
    if (was === undefined) return [];
    if (view.status === 'deleted') return [{ message: 'the Blast Radius launcher is deleted: every hook that runs it fails, and agents let a failed hook\'s call through' }];
    if (launcherShape(view.after) === was) return [];
    return [{ message: 'the Blast Radius launcher is rewritten beyond its Node and CLI paths: whatever it runs now answers every hook call', afterSpan: { start: 0, end: Math.min(view.after.length, view.after.indexOf('\n') === -1 ? view.after.length : view.after.indexOf('\n')) } }];
  },
});

export const SELF_HOOK_RULES: readonly EditRule[] = [selfHookRemoved, selfAgentHooksDisabled, selfLauncherTampered];
