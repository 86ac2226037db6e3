/**
 * Whether the agent run a hook call answers for can ask a person: the facts (payload,
 * environment, the agent's process found among the caller's parents) read here, the decision in
 * src/core/hook-asking.ts. Loaded only for a call that would ask.
 */
import { type AgentRun, askingIn, isAgentProcess, READS_PROCESS } from '../core/hook-asking';
import type { Asking, HookAgent } from '../core/hook-answer';
import { type Caller, findAgentProcess, type ProcessReader, systemReader } from '../node/process-tree';
import type { HookEnv } from './hook-verdict';

/** What the hook knows of the run that called it: payload, environment and, where it matters, the agent's process. */
export function observeRun(agent: HookAgent, env: NodeJS.ProcessEnv, permissionMode: string | undefined, caller: Caller, reader: ProcessReader | undefined = systemReader()): AgentRun {
  return {
    env,
    ...(permissionMode === undefined ? {} : { permissionMode }),
    ...(READS_PROCESS.has(agent) ? { process: findAgentProcess(caller, reader, (argv) => isAgentProcess(agent, argv)) } : {}),
  };
}

export function askingFor(agent: HookAgent, h: HookEnv, permissionMode: string | undefined): Asking {
  try {
    return askingIn(agent, observeRun(agent, h.env, permissionMode, h.caller));
  } catch (e) {
    // Reading the processes failed: the run is one we cannot tell apart, which cannot ask.
    h.io.stderr(`blast-radius hook ${agent}: could not read the agent's process: ${e instanceof Error ? e.message : String(e)}\n`);
    return askingIn(agent, { env: h.env, ...(permissionMode === undefined ? {} : { permissionMode }), process: { kind: 'unreadable' } });
  }
}
