/**
 * The runner's side of the test agent (test/e2e/test-agent): waits for the port file the agent
 * writes when it activates, then calls its `testAgent.*` commands over loopback HTTP.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';

/** Above the test agent's own bound on one command (its waits' guard plus some), so its error comes back first. */
const CALL_TIMEOUT_MS = 180_000;

export interface AgentDiagnostic {
  source?: string;
  code?: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** 0-based. */
  line: number;
  endLine: number;
  message: string;
}

/** A terminal command once it ended and Blast Radius's terminal watching was done with it. */
export interface FinishedCommand {
  exitCode: number | null;
  blastRadius: { line: string; decision: 'allow' | 'warn' | 'gate' | null; flagged: boolean };
}

export interface BlastRadiusStatus {
  installed: boolean;
  active?: boolean;
  version?: string;
  activationMs?: number;
}

/** The environment the extension host needs for the agent to open its endpoint; a fresh token per run. */
export function agentEnvironment(portFile: string): { env: NodeJS.ProcessEnv; token: string } {
  const token = randomBytes(16).toString('hex');
  return { env: { BLAST_RADIUS_E2E_AGENT_FILE: portFile, BLAST_RADIUS_E2E_AGENT_TOKEN: token }, token };
}

export class TestAgent {
  private constructor(private readonly port: number, private readonly token: string) {}

  /** Resolves once the agent has written its port file (its extension activated); fails after `timeoutMs`. */
  static async connect(portFile: string, token: string, timeoutMs: number): Promise<TestAgent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (existsSync(portFile)) {
        const { port } = JSON.parse(readFileSync(portFile, 'utf8')) as { port: number };
        return new TestAgent(port, token);
      }
      if (Date.now() > deadline) throw new Error(`the test agent wrote no port file (${portFile}) within ${timeoutMs} ms: did its extension activate?`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Runs one `testAgent.*` command in the extension host and returns its result; rejects with the agent's error. */
  call<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
    const body = JSON.stringify({ command, args });
    return new Promise<T>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: 'POST',
          path: '/',
          timeout: CALL_TIMEOUT_MS,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-test-agent-token': this.token },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            try {
              const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ok: boolean; result?: T; error?: string };
              if (reply.ok) resolve(reply.result as T);
              else reject(new Error(`test agent ${command}: ${reply.error ?? 'failed'}`));
            } catch (error) {
              reject(new Error(`test agent ${command}: unreadable reply (${String(error)})`));
            }
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`test agent ${command} did not answer within ${CALL_TIMEOUT_MS} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  }

  applyEdit(args: { path: string; remove?: string; replace?: string; newText?: string; save?: boolean }): Promise<{ applied: boolean; saved: boolean; attempts: number; dirty?: boolean }> {
    return this.call('testAgent.applyEdit', args);
  }

  /** Deletes workspace files in one step: through workspace.fs, or with node:fs from the extension host as a CLI agent would. */
  deleteFiles(paths: readonly string[], via: 'workspace.fs' | 'node:fs' = 'workspace.fs'): Promise<{ deleted: number }> {
    return this.call('testAgent.deleteFiles', { paths, via });
  }

  /** Sends a line through shell integration once the terminal is at a prompt; `id` is for `commandFinished`. */
  runInTerminal(command: string, name?: string): Promise<{ terminal: string; shellIntegration: boolean; id: string }> {
    return this.call('testAgent.runInTerminal', name ? { command, name } : { command });
  }

  /** Before a person types `line` into the named terminal: watch for it; `id` is for `commandFinished`. */
  expectCommand(terminal: string, line: string): Promise<{ id: string }> {
    return this.call('testAgent.expectCommand', { terminal, line });
  }

  /** Once the watched command has ended and Blast Radius is done with it: its exit code and verdict. */
  commandFinished(id: string): Promise<FinishedCommand> {
    return this.call('testAgent.commandFinished', { id });
  }

  /** Once every change made so far has reached Blast Radius and been judged; whether anything is held for an answer. */
  blastRadiusSettled(): Promise<{ holding: boolean }> {
    return this.call('testAgent.blastRadiusSettled');
  }

  /** Shows the named terminal (creating it in the workspace folder) with the keyboard focus in it. */
  showTerminal(name: string): Promise<{ terminal: string; shellIntegration: boolean }> {
    return this.call('testAgent.showTerminal', { name });
  }

  /** The text and dirty state of a document the editor holds open; `open: false` when it holds none. */
  document(path: string): Promise<{ open: boolean; text?: string; dirty?: boolean }> {
    return this.call('testAgent.document', { path });
  }

  diagnostics(path: string): Promise<AgentDiagnostic[]> {
    return this.call('testAgent.diagnostics', { path });
  }

  inspectSetting(section: string, key: string): Promise<{ globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown } | null> {
    return this.call('testAgent.inspectSetting', { section, key });
  }

  /** Writes a user setting through the configuration API; returns what `inspect()` sees afterwards. */
  updateSetting(section: string, key: string, value: unknown): Promise<{ globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown } | null> {
    return this.call('testAgent.updateSetting', { section, key, value });
  }

  blastRadius(): Promise<BlastRadiusStatus> {
    return this.call('testAgent.blastRadius');
  }
}
