import type { SimpleCommand, Word } from '../../shell/model';
import type { CommandContext } from '../../types';
import { shown } from '../cli-options';
import { normalizePath } from '../paths';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { varFolder } from './helpers';

const TRUTHY_OFF = (v: string): boolean => v !== '' && !/^(0|false|no|off)$/i.test(v);

/** Programs agents are started by, as in SYS006. */
const AGENT_PROGRAMS: Readonly<Record<string, string>> = {
  claude: 'claude',
  'claude-code': 'claude',
  codex: 'codex',
  gemini: 'gemini',
  'gemini-cli': 'gemini',
  copilot: 'copilot',
};

/** Environment variables that move an agent's settings folder away from the hook's. */
const SETTINGS_HOME: Readonly<Record<string, readonly string[]>> = {
  claude: ['HOME', 'CLAUDE_CONFIG_DIR'],
  codex: ['HOME', 'CODEX_HOME'],
  gemini: ['HOME', 'GEMINI_CLI_HOME'],
  copilot: ['HOME', 'COPILOT_HOME'],
};

function optionValue(cmd: SimpleCommand, name: string): { word: Word; value: string | undefined } | undefined {
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i];
    if (a.value === '--') return undefined;
    if (a.value === name) return { word: a, value: cmd.args[i + 1]?.value };
    if (a.value.startsWith(`${name}=`)) return { word: a, value: a.value.slice(name.length + 1) };
  }
  return undefined;
}

function hooksOffAtStart(cmd: SimpleCommand, { ctx }: { ctx: CommandContext }): RuleMatch | undefined {
  const agent = AGENT_PROGRAMS[cmd.program];
  if (!agent) return undefined;
  const say = (what: string, words: Word[]): RuleMatch => ({ span: spanFromProgram(cmd, words), message: `Starts ${agent} ${what}, so the Blast Radius hook does not run and nothing it does is checked.` });
  for (const a of cmd.assignments) {
    const v = a.value.value;
    if (agent === 'claude' && (a.name === 'CLAUDE_CODE_SAFE_MODE' || a.name === 'CLAUDE_CODE_SIMPLE') && TRUTHY_OFF(v)) {
      return say(`with ${a.name}=${shown(v)} (${a.name === 'CLAUDE_CODE_SIMPLE' ? 'bare mode: no settings-file hooks' : 'safe mode: only managed hooks'})`, [a.value]);
    }
    if (SETTINGS_HOME[agent]?.includes(a.name)) {
      const home = ctx.home?.replace(/\/+$/, '');
      const roots = ctx.guard ?? {};
      const usual = home === undefined ? undefined : varFolder(a.name, roots, home);
      const value = a.value.dynamic ? undefined : normalizePath(v.replace(/^~(?=\/|$)/, home ?? '~'));
      if (value !== undefined && usual !== undefined && value === normalizePath(usual)) continue;
      return say(`with ${a.name}=${shown(v)}, which reads its settings from somewhere else than where the hook is registered`, [a.value]);
    }
  }
  if (agent === 'claude') {
    const flag = cmd.args.find((a) => a.value === '--bare' || a.value === '--safe-mode');
    if (flag) return say(`with ${flag.value} (${flag.value === '--bare' ? 'settings-file hooks never run' : 'only managed hooks run'})`, [flag]);
    const settings = optionValue(cmd, '--settings');
    if (settings?.value && /"(disableAllHooks|allowManagedHooksOnly)"\s*:\s*(true|"(?!false")[^"]*")/.test(settings.value)) return say('with settings that switch hooks off', [settings.word]);
    const sources = optionValue(cmd, '--setting-sources');
    if (sources?.value !== undefined) {
      const list = sources.value.split(',').map((s) => s.trim());
      const missing = ['user', 'project'].filter((s) => !list.includes(s));
      if (missing.length) return say(`without its ${missing.join(' and ')} settings (--setting-sources ${shown(sources.value)}), where the hook is registered`, [sources.word]);
    }
  }
  if (agent === 'codex') {
    for (let i = 0; i < cmd.args.length; i++) {
      const a = cmd.args[i].value;
      if (a === '--') break;
      const disable = a === '--disable' ? cmd.args[i + 1]?.value : a.startsWith('--disable=') ? a.slice('--disable='.length) : undefined;
      if (disable === 'hooks' || disable === 'codex_hooks') return say(`with --disable ${disable}`, cmd.args.slice(i, i + 2));
      const config = a === '-c' || a === '--config' ? cmd.args[i + 1]?.value : a.startsWith('--config=') ? a.slice('--config='.length) : undefined;
      if (config && /^\s*features\.(codex_)?hooks\s*=\s*false\s*$/.test(config)) return say(`with -c ${shown(config)}`, cmd.args.slice(i, i + 2));
    }
  }
  if (agent === 'copilot') {
    const values = cmd.args.map((a) => a.value);
    const i = values.indexOf('config');
    if (i !== -1 && !values.includes('--rm')) {
      const key = values[i + 1];
      const value = values[i + 2];
      if (key === 'disableAllHooks' && value !== undefined && /^(true|on|yes|1)$/i.test(value)) return { span: spanFromProgram(cmd, cmd.args.slice(i, i + 3)), message: 'Sets Copilot CLI\'s disableAllHooks: no hook runs, the Blast Radius hook included, so nothing Copilot does is checked.' };
      if (key === 'disabledHooks' && value !== undefined) return { span: spanFromProgram(cmd, cmd.args.slice(i, i + 3)), message: `Adds ${shown(value)} to Copilot CLI's disabledHooks: a disabled hook never runs, and this may be the Blast Radius hook.` };
    }
  }
  return undefined;
}

export const agentHooksSwitchedOff: CommandRule = {
  id: 'SELF007',
  name: 'agent-hooks-switched-off',
  category: 'self-protection',
  severity: 'critical',
  triggers: [{ programs: Object.keys(AGENT_PROGRAMS) }],
  summary: 'Starts a coding agent with its hooks off (`claude --bare`, `--safe-mode`, `codex --disable hooks`, another HOME or CLAUDE_CONFIG_DIR) or switches them off in its configuration (`copilot config disableAllHooks true`).',
  rationale: 'An agent started this way never calls the Blast Radius hook: an agent that starts one escapes every check, and so does everything the child does.',
  alternative: 'Start the agent normally, so its hooks run; if a hook is in the way, the user decides about it.',
  examples: {
    fire: ['claude --bare -p "clean up"', 'CLAUDE_CODE_SAFE_MODE=1 claude -p "tidy"', 'codex --disable hooks exec "deploy"', 'codex -c features.hooks=false exec "go"', 'HOME=/tmp/empty gemini -p "rm the logs"', 'copilot config disableAllHooks true', `claude --settings '{"disableAllHooks": true}' -p hi`],
    pass: ['claude -p "summarise the diff"', 'codex exec "explain"', 'copilot config banner never', 'claude --setting-sources user,project,local -p hi', 'gemini --help'],
  },
  check: hooksOffAtStart,
};
