/**
 * Edits that switch an agent's Blast Radius hook off: taking our entry out of an agent's settings
 * (or narrowing it, or loosening its strictness), switching the agent's hooks off (Claude Code's
 * and Copilot CLI's `disableAllHooks`, Gemini CLI's `hooksConfig`, Codex's `[features] hooks` and
 * hook trust), and rewriting the launcher or the git pre-commit check. Files are recognised by
 * what they hold rather than only by name, since CLAUDE_CONFIG_DIR, CODEX_HOME and friends move
 * them; an edit that adds our hook or raises protection is quiet.
 */
import type { EditRule } from '../../rule';
import { agentHookRemoved } from './agent-hook-removed';
import { agentHooksDisabled } from './agent-hooks-disabled';
import { launcherTampered } from './launcher-tampered';

export const SELF_HOOK_RULES: readonly EditRule[] = [agentHookRemoved, agentHooksDisabled, launcherTampered];
