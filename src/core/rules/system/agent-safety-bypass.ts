import type { SimpleCommand } from '../../shell/model';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

// ---------------------------------------------------------------------------------------------
// SYS006

const AGENT_BYPASS: Readonly<Record<string, readonly string[]>> = {
  claude: ['--dangerously-skip-permissions', '--allow-dangerously-skip-permissions'],
  codex: ['--dangerously-bypass-approvals-and-sandbox', '--yolo'],
  gemini: ['--yolo', '-y'],
  qwen: ['--yolo', '-y'],
  crush: ['--yolo', '-y'],
  amp: ['--dangerously-allow-all'],
  copilot: ['--allow-all-tools', '--allow-all', '--yolo'],
  'cursor-agent': ['--force', '-f'],
  aider: ['--yes-always'],
  droid: ['--skip-permissions-unsafe'],
  opencode: ['--dangerously-skip-permissions'],
};

/** npm package basenames the agents are also started by (`npx @google/gemini-cli`). */
const AGENT_ALIASES: Readonly<Record<string, string>> = {
  'claude-code': 'claude',
  'gemini-cli': 'gemini',
  'qwen-code': 'qwen',
};

/** Options whose value turns approvals or the sandbox off: `--permission-mode bypassPermissions`. */
const BYPASS_VALUES: readonly { programs: readonly string[]; option: string; value: RegExp }[] = [
  { programs: ['claude'], option: '--permission-mode', value: /^bypassPermissions$/i },
  { programs: ['codex'], option: '--sandbox', value: /^danger-full-access$/ },
  { programs: ['codex'], option: '-s', value: /^danger-full-access$/ },
  { programs: ['codex'], option: '-c', value: /^sandbox_mode\s*=\s*["']?danger-full-access/ },
  { programs: ['codex'], option: '--config', value: /^sandbox_mode\s*=\s*["']?danger-full-access/ },
  { programs: ['gemini', 'qwen'], option: '--approval-mode', value: /^yolo$/i },
];

function agentBypass(cmd: SimpleCommand): RuleMatch | undefined {
  const agent = AGENT_ALIASES[cmd.program] ?? cmd.program;
  const flags = AGENT_BYPASS[agent] ?? [];
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i];
    if (a.value === '--') break;
    const [name, inline] = a.value.includes('=') ? [a.value.slice(0, a.value.indexOf('=')), a.value.slice(a.value.indexOf('=') + 1)] : [a.value, undefined];
    if (flags.includes(a.value)) {
      return { message: `starts ${agent} with ${a.value}, so it runs commands and edits files without asking for approval${agent === 'codex' ? ' and outside its sandbox' : ''}.`, span: spanFromProgram(cmd, [a]) };
    }
    for (const b of BYPASS_VALUES) {
      if (!b.programs.includes(agent) || name !== b.option) continue;
      const value = inline ?? cmd.args[i + 1]?.value;
      if (value !== undefined && b.value.test(value)) {
        return { message: `starts ${agent} with ${name} ${value}, so it acts without asking for approval or outside its sandbox.`, span: spanFromProgram(cmd, inline === undefined ? [a, cmd.args[i + 1]] : [a]) };
      }
    }
  }
  return undefined;
}

export const agentSafetyBypass: CommandRule = {
  id: 'SYS006',
  name: 'agent-safety-bypass',
  category: 'system',
  severity: 'high',
  triggers: [
    {
      programs: [...Object.keys(AGENT_BYPASS), ...Object.keys(AGENT_ALIASES)],
      subcommands: [...new Set([...Object.values(AGENT_BYPASS).flat(), ...BYPASS_VALUES.map((b) => b.option)])],
    },
  ],
  summary: 'Starts a coding agent with its permission prompts or sandbox switched off (`claude --dangerously-skip-permissions`, `codex --yolo`, `gemini --yolo`).',
  rationale: 'An agent launching another agent without approvals escapes every check this tool and the agent’s own prompts provide: the child runs whatever it decides, unseen.',
  alternative: 'Run the agent with its normal approval mode, or inside a disposable container or VM when it really must run unattended.',
  examples: {
    fire: ['claude --dangerously-skip-permissions -p "fix the tests"', 'codex --dangerously-bypass-approvals-and-sandbox exec "deploy"', 'npx @google/gemini-cli --yolo', 'claude --permission-mode bypassPermissions'],
    pass: ['claude -p "summarise the diff"', 'codex exec "explain this file"', 'gemini --help', 'claude --permission-mode plan'],
  },
  check: agentBypass,
};
