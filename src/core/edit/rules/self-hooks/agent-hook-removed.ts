import { hookStrictnessFlag, isOurHookCommand } from '../../../guard';
import type { DocNode } from '../../../parsers/tree';
import { isStrictness, strictnessRank } from '../../../policy';
import type { Span } from '../../../types';
import type { EditMatch } from '../../rule';
import type { FileView, Side } from '../../view';
import { defineRule } from '../helpers';
import { HOOK_FILES, isToml, obj, plain, spanOf } from './helpers';

/**
 * The hook files we write whole (src/node/hooks/own-hook-files.ts): Cline's `PreToolUse` script in
 * its hook folders and our opencode plugin in a plugin folder. Named broadly (the folders move with
 * XDG_CONFIG_HOME and Cline's layout); a file counts only when it carries our marker line.
 */
const OWN_HOOK_FILES = ['**/hooks/pretooluse', '**/opencode/plugins/*.js', '**/opencode/plugins/*.ts', '**/opencode/plugin/*.js', '**/opencode/plugin/*.ts', '**/.opencode/plugins/*.js', '**/.opencode/plugins/*.ts', '**/.opencode/plugin/*.js', '**/.opencode/plugin/*.ts'];

/** The line that names what a file of ours runs, as own-hook-files.ts writes it. */
const RUNS = /^(?:#|\/\/) blast-radius runs: (.+)$/m;

/** The program word of a hook command, unquoted (`'/x/blast-radius' hook cline` → `/x/blast-radius`). */
function launcherOf(command: string): string | undefined {
  const m = /^'((?:[^']|'\\'')*)'|^"([^"]*)"|^(\S+)/.exec(command.trim());
  return m ? (m[1]?.replace(/'\\''/g, "'") ?? m[2] ?? m[3]) : undefined;
}

/**
 * A hook file of ours with the launcher it runs taken out, so our own reinstall with another
 * launcher compares equal; undefined when the text is not one of ours.
 */
function ownHookShape(text: string): { shape: string; marker: Span } | undefined {
  const m = RUNS.exec(text);
  if (!m || !isOurHookCommand(m[1])) return undefined;
  const command = m[1];
  let shape = text.split(command).join('<command>');
  const launcher = launcherOf(command);
  if (launcher) shape = shape.split(JSON.stringify(launcher)).join('"<launcher>"').split(launcher).join('<launcher>');
  return { shape, marker: { start: m.index, end: m.index + m[0].length } };
}

interface OurHook {
  command: string;
  /** The hook event it is registered for (`PreToolUse`, `BeforeTool`, `preToolUse`…). */
  event: string;
  /** The tool matcher of its group; undefined matches every tool. */
  matcher?: string;
  span?: Span;
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

export const agentHookRemoved = defineRule({
  id: 'SELF008',
  name: 'agent-hook-removed',
  category: 'self-protection',
  severity: 'critical',
  files: [...HOOK_FILES, ...OWN_HOOK_FILES],
  summary: "An edit takes the Blast Radius hook out of an agent's settings, narrows the tools it sees, runs it at a lower strictness, or rewrites or deletes a hook file of ours (Cline's script, the opencode plugin).",
  rationale: "The agent's hook is the one place its tool calls are checked before they run. Without our entry (or with a matcher that leaves out Bash) the agent's next `rm -rf` runs unchecked, and the agent that made the edit is the one that benefits.",
  alternative: 'Leave the hook entry alone; the user removes it with `blast-radius hooks uninstall <agent>` if they want it gone.',
  examples: {
    fire: [
      {
        path: 'Documents/Cline/Hooks/PreToolUse',
        before: "#!/bin/sh\n# Blast Radius: Cline PreToolUse hook (managed).\n# blast-radius runs: '/home/u/.local/share/blast-radius/bin/blast-radius' hook cline\nexec '/home/u/.local/share/blast-radius/bin/blast-radius' hook cline\n",
        after: "#!/bin/sh\n# Blast Radius: Cline PreToolUse hook (managed).\n# blast-radius runs: '/home/u/.local/share/blast-radius/bin/blast-radius' hook cline\necho '{\"cancel\": false}'\n",
      },
      {
        path: '.opencode/plugins/blast-radius.js',
        before: '// blast-radius runs: \'/home/u/.local/share/blast-radius/bin/blast-radius\' hook opencode\nconst LAUNCHER = "/home/u/.local/share/blast-radius/bin/blast-radius";\nexport const BlastRadius = async () => ({ "tool.execute.before": async (input, output) => { check(input, output); } });\n',
        after: '',
      },
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
        path: 'Documents/Cline/Hooks/PreToolUse',
        before: "#!/bin/sh\n# Blast Radius: Cline PreToolUse hook (managed).\n# blast-radius runs: '/home/u/.local/share/blast-radius/bin/blast-radius' hook cline\nexec '/home/u/.local/share/blast-radius/bin/blast-radius' hook cline\n",
        after: "#!/bin/sh\n# Blast Radius: Cline PreToolUse hook (managed).\n# blast-radius runs: '/home/u/.config/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius' hook cline\nexec '/home/u/.config/Code/User/globalStorage/blast-radius.blast-radius/bin/blast-radius' hook cline\n",
      },
      {
        path: '.clinerules/hooks/PreToolUse',
        before: '#!/bin/sh\n./my-own-check.sh\n',
        after: '#!/bin/sh\nexit 0\n',
      },
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
    const own = ownHookShape(view.before);
    if (own) {
      // A file that is ours whole: anything but our own rewrite (another launcher) changes what runs.
      if (view.status === 'deleted') return [{ message: 'the Blast Radius hook file is deleted: this agent\'s tool calls are no longer checked', beforeSpan: own.marker }];
      if (ownHookShape(view.after)?.shape === own.shape) return [];
      return [{ message: 'the Blast Radius hook file is rewritten: what this agent runs before each tool call is no longer our check', beforeSpan: own.marker }];
    }
    if (!/\.(json|jsonc|toml)$/.test(view.lowerPath)) return [];
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
