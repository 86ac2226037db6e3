import path from 'node:path';
import { REPO_ROOT } from '../harness/harness-paths';

/** The agents the real-agent suite runs, keyed by the id `blast-radius hooks install` takes. */
export const REAL_AGENT_IDS = ['claude-code', 'codex', 'gemini-cli', 'copilot-cli', 'opencode', 'cline'] as const;
export type RealAgentId = (typeof REAL_AGENT_IDS)[number];

/**
 * The npm packages and the versions the suite pins: each was installed, started headless against the
 * scripted model and checked with our hook. Bump one at a time and re-run `npm run test:agents`.
 */
export const AGENT_PACKAGES: Readonly<Record<RealAgentId, { pkg: string; version: string; bin: string }>> = {
  'claude-code': { pkg: '@anthropic-ai/claude-code', version: '2.1.332', bin: 'claude' },
  codex: { pkg: '@openai/codex', version: '0.171.0', bin: 'codex' },
  'gemini-cli': { pkg: '@google/gemini-cli', version: '0.61.0', bin: 'gemini' },
  'copilot-cli': { pkg: '@github/copilot', version: '1.0.102', bin: 'copilot' },
  opencode: { pkg: 'opencode-ai', version: '1.18.33', bin: 'opencode' },
  cline: { pkg: 'cline', version: '3.0.65', bin: 'cline' },
};

/** Where the agents are installed: under the git-ignored `.cache/`, so a clean clone installs them. */
export const AGENTS_CACHE_DIR = path.join(REPO_ROOT, '.cache', 'agents');

/** The marker names every pinned version, so changing a pin makes the next run reinstall. */
export const AGENTS_INSTALLED_MARKER = path.join(
  AGENTS_CACHE_DIR,
  `installed-${REAL_AGENT_IDS.map((id) => `${AGENT_PACKAGES[id].bin}@${AGENT_PACKAGES[id].version}`).join('_')}`,
);

/** The command npm links for an agent. */
export function agentBin(id: RealAgentId): string {
  return path.join(AGENTS_CACHE_DIR, 'node_modules', '.bin', AGENT_PACKAGES[id].bin);
}
