/**
 * Codex's hook trust, computed as Codex computes it, so `hooks status` can tell whether Codex will
 * run our hook. Codex (0.124 and later; checked against 0.171) runs a hook from the user's or a
 * project's settings only when `[hooks.state."<key>"] trusted_hash` in the user's config.toml
 * equals the hash of the hook's current definition; a new hook is "untrusted", a changed one
 * "modified", and both are skipped without a word until the user trusts them in `/hooks`.
 *
 * From codex-rs/hooks/src/engine/discovery.rs (`hook_hash`, `hook_key`) and
 * codex-rs/config/src/fingerprint.rs (`version_for_toml`):
 * - the key is `<source file>:<event in snake_case>:<group index>:<handler index>`, the source file
 *   being the config.toml or hooks.json the hook is defined in;
 * - the hash is `sha256:` + hex SHA-256 of the compact JSON, keys sorted at every level, of
 *   `{ event_name, matcher?, hooks: [handler] }` with the handler normalised: `command` (on Windows
 *   `command_windows` when set), `timeout` defaulting to 600, `async`, `statusMessage` when set and
 *   `additionalContextLimit` when set to other than the default, on events that take it; absent
 *   values are left out, as the TOML round trip Codex makes drops them.
 * Everything here is pure, so the real-agent tests can use it to check their own trust step.
 */
import { createHash } from 'node:crypto';

/** Codex's events, in the PascalCase its settings use, with the snake_case label its keys use. */
const EVENT_LABELS: Readonly<Record<string, string>> = {
  PreToolUse: 'pre_tool_use',
  PermissionRequest: 'permission_request',
  PostToolUse: 'post_tool_use',
  PreCompact: 'pre_compact',
  PostCompact: 'post_compact',
  SessionStart: 'session_start',
  SessionEnd: 'session_end',
  UserPromptSubmit: 'user_prompt_submit',
  SubagentStart: 'subagent_start',
  SubagentStop: 'subagent_stop',
  Stop: 'stop',
};

/** Events whose groups keep their matcher (the others ignore it, and so does the hash). */
const MATCHER_EVENTS = new Set(['PreToolUse', 'PermissionRequest', 'PostToolUse', 'SessionStart']);
/** Events whose hooks may return additional context, and so keep `additionalContextLimit`. */
const CONTEXT_EVENTS = new Set(['PreToolUse', 'PostToolUse', 'SessionStart', 'UserPromptSubmit', 'SubagentStart']);
const DEFAULT_CONTEXT_LIMIT = 2500;
const DEFAULT_TIMEOUT_S = 600;
/** SessionEnd hooks default to one second and are capped at three. */
const SESSION_END_TIMEOUT = { default: 1, max: 3 };

export interface CodexCommandHook {
  /** The event as written in the settings, e.g. `PreToolUse`. */
  event: string;
  /** The group's matcher, when it has one. */
  matcher?: string;
  command: string;
  commandWindows?: string;
  timeout?: number;
  async?: boolean;
  statusMessage?: string;
  additionalContextLimit?: number;
}

export function codexEventLabel(event: string): string | undefined {
  return EVENT_LABELS[event];
}

/** `<source file>:<event>:<group>:<handler>`: where Codex keeps the hook's trust and on/off state. */
export function codexHookKey(sourceFile: string, event: string, groupIndex: number, handlerIndex: number): string {
  return `${sourceFile}:${EVENT_LABELS[event] ?? event}:${groupIndex}:${handlerIndex}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash Codex stores as `trusted_hash` once the user trusts this hook definition. */
export function codexHookHash(hook: CodexCommandHook, platform: NodeJS.Platform = process.platform): string {
  const sessionEnd = hook.event === 'SessionEnd';
  const timeout = sessionEnd ? Math.min(Math.max(hook.timeout ?? SESSION_END_TIMEOUT.default, 1), SESSION_END_TIMEOUT.max) : Math.max(hook.timeout ?? DEFAULT_TIMEOUT_S, 1);
  const handler: Record<string, unknown> = {
    type: 'command',
    command: platform === 'win32' && hook.commandWindows !== undefined ? hook.commandWindows : hook.command,
    timeout,
    async: hook.async ?? false,
  };
  if (hook.statusMessage !== undefined) handler.statusMessage = hook.statusMessage;
  const limit = CONTEXT_EVENTS.has(hook.event) ? hook.additionalContextLimit : undefined;
  if (limit !== undefined && limit !== DEFAULT_CONTEXT_LIMIT) handler.additionalContextLimit = limit;
  const identity: Record<string, unknown> = { event_name: EVENT_LABELS[hook.event] ?? hook.event, hooks: [handler] };
  if (MATCHER_EVENTS.has(hook.event) && hook.matcher !== undefined) identity.matcher = hook.matcher;
  return `sha256:${createHash('sha256').update(canonicalJson(identity), 'utf8').digest('hex')}`;
}

export interface CodexHookEntry extends CodexCommandHook {
  key: string;
  hash: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * The command hooks a parsed config.toml or hooks.json defines (its `hooks` object), each with the
 * key and hash Codex gives it. Malformed groups are skipped, as Codex skips them.
 */
export function codexHookEntries(hooks: unknown, sourceFile: string, platform: NodeJS.Platform = process.platform): CodexHookEntry[] {
  if (!hooks || typeof hooks !== 'object' || Array.isArray(hooks)) return [];
  const out: CodexHookEntry[] = [];
  for (const [event, groups] of Object.entries(hooks as Record<string, unknown>)) {
    if (!(event in EVENT_LABELS) || !Array.isArray(groups)) continue;
    groups.forEach((group: unknown, g: number) => {
      const handlers = (group as { hooks?: unknown } | null)?.hooks;
      if (!Array.isArray(handlers)) return;
      const matcher = str((group as { matcher?: unknown }).matcher);
      handlers.forEach((h: unknown, i: number) => {
        const o = (h ?? {}) as Record<string, unknown>;
        const command = str(o.command);
        if (o.type !== 'command' || command === undefined) return;
        const hook: CodexCommandHook = {
          event,
          ...(matcher !== undefined ? { matcher } : {}),
          command,
          ...(str(o.commandWindows) !== undefined ? { commandWindows: str(o.commandWindows) } : {}),
          ...(num(o.timeout) !== undefined ? { timeout: num(o.timeout) } : {}),
          async: o.async === true,
          ...(str(o.statusMessage) !== undefined ? { statusMessage: str(o.statusMessage) } : {}),
          ...(num(o.additionalContextLimit) !== undefined ? { additionalContextLimit: num(o.additionalContextLimit) } : {}),
        };
        out.push({ ...hook, key: codexHookKey(sourceFile, event, g, i), hash: codexHookHash(hook, platform) });
      });
    });
  }
  return out;
}

export interface CodexHookState {
  enabled?: boolean;
  trustedHash?: string;
}

/** The `[hooks.state]` entries of the user's parsed config.toml, by key (trimmed, as Codex trims them). */
export function codexHookStates(config: unknown): Map<string, CodexHookState> {
  const out = new Map<string, CodexHookState>();
  const state = (config as { hooks?: { state?: unknown } } | null)?.hooks?.state;
  if (!state || typeof state !== 'object' || Array.isArray(state)) return out;
  for (const [key, v] of Object.entries(state as Record<string, unknown>)) {
    if (!v || typeof v !== 'object' || !key.trim()) continue;
    const o = v as Record<string, unknown>;
    out.set(key.trim(), {
      ...(typeof o.enabled === 'boolean' ? { enabled: o.enabled } : {}),
      ...(typeof o.trusted_hash === 'string' ? { trustedHash: o.trusted_hash } : {}),
    });
  }
  return out;
}

export type CodexTrust = 'trusted' | 'untrusted' | 'modified';

/** What Codex makes of a hook: whether it is switched off in `/hooks`, and its trust status. */
export function codexTrustOf(entry: CodexHookEntry, states: Map<string, CodexHookState>): { enabled: boolean; trust: CodexTrust; stored?: string } {
  const s = states.get(entry.key);
  const enabled = s?.enabled !== false;
  if (s?.trustedHash === undefined) return { enabled, trust: 'untrusted' };
  return { enabled, trust: s.trustedHash === entry.hash ? 'trusted' : 'modified', stored: s.trustedHash };
}
