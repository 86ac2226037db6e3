/**
 * What several self rules share.
 */
import type { GuardRoots } from '../../guard';

/** Variables that name the folders agents and Blast Radius keep their settings in, and their usual values. */
export function varFolder(name: string, roots: GuardRoots, home: string): string | undefined {
  switch (name) {
    case 'HOME':
      return home;
    case 'CLAUDE_CONFIG_DIR':
      return roots.claudeConfigDir ?? `${home}/.claude`;
    case 'CODEX_HOME':
      return roots.codexHome ?? `${home}/.codex`;
    case 'COPILOT_HOME':
      return roots.copilotHome ?? `${home}/.copilot`;
    case 'GEMINI_CLI_HOME':
      return roots.geminiHome ?? home;
    case 'XDG_CONFIG_HOME':
      return roots.configDir ? roots.configDir.replace(/\/blast-radius$/, '') : `${home}/.config`;
    case 'XDG_DATA_HOME':
      return roots.dataDir ? roots.dataDir.replace(/\/blast-radius$/, '') : `${home}/.local/share`;
  }
  return undefined;
}
