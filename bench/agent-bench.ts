/**
 * What our hook adds to each tool call of a real agent: the same scripted session (everyday shell
 * commands and new files, all of which our hook allows) played by each real agent CLI (see
 * test/agents) with and without our hook installed. A call's time is measured at the scripted model:
 * from the moment its tool call had been sent to the moment the tool result came back, so the agent's
 * start-up and the model are left out. The first call is shown apart: it finds no warm hook server
 * yet. Each agent runs in its most permissive mode at strictness balanced; sessions with and without
 * the hook alternate, so a busy machine slows both alike. Prints figures; never fails on timings.
 *
 * The agents are installed into .cache/agents on first use (as `npm run test:agents` does).
 * Usage: tsx bench/agent-bench.ts [sessions per variant, default 3] [agent id…]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AGENT_PROFILES, type AgentProfile } from '../test/agents/agents';
import { installAgents } from '../test/agents/install-agents';
import { ModelServer, type Step } from '../test/agents/model-server';
import { CLI, installHook, makeCaseDirs, removeCaseDirs, runAgent, setStrictness, stopHookServers } from '../test/agents/run-agent';

export interface AgentBenchResult {
  agent: string;
  calls: number;
  /** Median round trip of a call after the first, without and with our hook. */
  withoutMs: number;
  withMs: number;
  /** The first call's round trip, without and with our hook. */
  firstWithoutMs: number;
  firstWithMs: number;
}

const RUN_TIMEOUT_MS = 90_000;

/** Everyday calls only, so the session is the same with and without the hook. */
function benchSteps(): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < 4; i++) {
    steps.push({ kind: 'shell', command: ['git status --short', 'ls src', 'git log --oneline -1', 'cat README.md'][i] });
    // At the top of the workspace: Copilot CLI's create tool makes no parent folders.
    steps.push({ kind: 'write', path: `NOTE-${i}.md`, content: `# Note ${i}\n\nThe build is green.\n` });
  }
  return steps;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

async function session(profile: AgentProfile, server: ModelServer, hooked: boolean): Promise<number[] | string> {
  const dirs = makeCaseDirs(`bench-${profile.id}-${hooked ? 'hook' : 'none'}`);
  try {
    profile.configure({ home: dirs.home, workspace: dirs.workspace, modelUrl: server.url, mode: 'permissive' });
    if (hooked) {
      setStrictness(dirs, 'balanced');
      await installHook(profile, dirs);
    }
    const steps = benchSteps();
    const run = await runAgent(profile, dirs, 'permissive', server, { steps }, RUN_TIMEOUT_MS);
    const trips = server.stepRoundTrips();
    if (run.timedOut || trips.some((t) => t === undefined)) return `${run.timedOut ? 'timed out' : 'a call got no result'}: ${run.output.slice(-300)}`;
    const written = steps.filter((s) => s.kind === 'write').every((s) => existsSync(path.join(dirs.workspace, s.path)));
    if (!written) return 'the agent did not write the files the script asked for';
    return trips as number[];
  } finally {
    await stopHookServers(dirs.home);
    removeCaseDirs(dirs);
  }
}

export async function runAgentBench(opts: { sessions?: number; agents?: readonly string[] } = {}): Promise<AgentBenchResult[]> {
  const sessions = opts.sessions ?? 3;
  const profiles = AGENT_PROFILES.filter((p) => !opts.agents?.length || opts.agents.includes(p.id));
  if (!existsSync(CLI)) {
    console.log(`agent bench: ${CLI} not found; run npm run build first`);
    return [];
  }
  const install = await installAgents();
  const server = new ModelServer();
  await server.start();
  const results: AgentBenchResult[] = [];
  console.log(`\nReal agents: time per tool call with and without our hook (each agent's permissive mode, strictness balanced; ${benchSteps().length} calls × ${sessions} sessions per variant${install.reused ? '' : `; agents installed in ${install.seconds.toFixed(0)} s`})`);
  console.log(`  ${'agent'.padEnd(14)}${'without hook'.padStart(14)}${'with hook'.padStart(12)}${'added/call'.padStart(12)}   first call: without, with`);
  try {
    for (const profile of profiles) {
      const trips: Record<'with' | 'without', number[][]> = { with: [], without: [] };
      let failure: string | undefined;
      // The first session of each kind warms the disk cache and the agent's own caches; it is not counted.
      for (let round = 0; round <= sessions && !failure; round++) {
        for (const hooked of [false, true]) {
          const r = await session(profile, server, hooked);
          if (typeof r === 'string') failure = `${hooked ? 'with' : 'without'} our hook: ${r}`;
          else if (round > 0) trips[hooked ? 'with' : 'without'].push(r);
        }
      }
      if (failure) {
        console.log(`  ${profile.name.padEnd(14)} failed ${failure}`);
        continue;
      }
      const rest = (k: 'with' | 'without'): number => median(trips[k].flatMap((t) => t.slice(1)));
      const first = (k: 'with' | 'without'): number => median(trips[k].map((t) => t[0]));
      const r: AgentBenchResult = { agent: profile.name, calls: benchSteps().length, withoutMs: rest('without'), withMs: rest('with'), firstWithoutMs: first('without'), firstWithMs: first('with') };
      results.push(r);
      const ms = (v: number): string => `${v.toFixed(0)} ms`;
      console.log(`  ${r.agent.padEnd(14)}${ms(r.withoutMs).padStart(14)}${ms(r.withMs).padStart(12)}${`${r.withMs - r.withoutMs >= 0 ? '+' : ''}${ms(r.withMs - r.withoutMs)}`.padStart(12)}   ${ms(r.firstWithoutMs)}, ${ms(r.firstWithMs)}`);
    }
  } finally {
    await server.stop();
  }
  return results;
}

if (require.main === module) void runAgentBench({ sessions: Number(process.argv[2]) || undefined, agents: process.argv.slice(3) });
