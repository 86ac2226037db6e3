/**
 * The hook files we write whole, for agents that run a file rather than a command from their
 * settings: Cline's `PreToolUse` script (it runs every file named after the hook in its hook
 * folders) and opencode's plugin (it loads every `.js`/`.ts` file in its plugin folders). Each
 * carries the launcher command it runs on one marked line, so it is recognised as ours (and by
 * which launcher) without running it.
 */
import { ownFileFormat, type ConfigFormat } from './config-formats';

/** The line that names what a file of ours runs: `# blast-radius runs: <command>` (or `//`). */
const RUNS = /^(?:#|\/\/) blast-radius runs: (.+)$/m;

function commandsOf(text: string): string[] {
  const m = RUNS.exec(text);
  return m ? [m[1]] : [];
}

/**
 * Cline's hook script. Cline passes the call as JSON on stdin and reads one JSON answer from
 * stdout (`{"cancel": true, "errorMessage": …}` stops the call); the launcher writes exactly that
 * (src/core/hook-answer.ts). Cline 3.x starts it through its shebang; the VS Code extension
 * executes it, so the file is made executable.
 */
export function clineScript(command: string): string {
  return [
    '#!/bin/sh',
    '# Blast Radius: Cline PreToolUse hook (managed; `blast-radius hooks uninstall cline` removes this file).',
    '# Every tool call Cline makes is judged before it runs; gate-level calls are cancelled with the reason.',
    `# blast-radius runs: ${command}`,
    `exec ${command}`,
    '',
  ].join('\n');
}

export function clineFormat(command: string, isOurs: (c: string) => boolean): ConfigFormat {
  return {
    ...ownFileFormat({
      text: clineScript(command),
      commandsOf,
      isOurs,
      notOurs:
        'a PreToolUse hook of your own is already there, and Cline runs one file of that name per folder; add this line to it by hand (it must print our answer as its only output): ' +
        command,
    }),
    mode: 0o755,
  };
}

/**
 * opencode's plugin. `tool.execute.before` gets the call before the tool runs (and before
 * opencode's own permission prompt); throwing fails the call with the message, which the model
 * sees. The plugin sends the call to the launcher as JSON and throws on a deny; when the launcher
 * cannot be run or answers nothing readable, the calls we judge are stopped too (never waved
 * through unchecked).
 */
export function opencodePlugin(launcher: string, command: string): string {
  return `// Blast Radius: opencode plugin (managed; \`blast-radius hooks uninstall opencode\` removes this file).
// Every shell command, file write, edit and patch opencode makes is judged before it runs;
// gate-level calls fail with the reason.
// blast-radius runs: ${command}
import { spawnSync } from "node:child_process";

const LAUNCHER = ${JSON.stringify(launcher)};
const JUDGED = new Set(["bash", "write", "edit", "multiedit", "apply_patch", "patch"]);
const TIMEOUT_MS = 30000;

export const BlastRadius = async ({ directory, worktree }) => ({
  "tool.execute.before": async (input, output) => {
    if (!JUDGED.has(input.tool)) return;
    const payload = JSON.stringify({ hook_event_name: "tool.execute.before", tool: input.tool, sessionID: input.sessionID, callID: input.callID, args: output.args, cwd: directory, worktree });
    const r = spawnSync(LAUNCHER, ["hook", "opencode"], { input: payload, encoding: "utf8", timeout: TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, shell: process.platform === "win32" });
    let answer;
    try {
      answer = JSON.parse(String(r.stdout ?? "").trim().split("\\n").pop() || "null");
    } catch {}
    if (!answer || typeof answer !== "object") {
      const why = r.error ? r.error.message : r.signal ? \`stopped by \${r.signal}\` : \`exit \${r.status}\`;
      const detail = String(r.stderr ?? "").trim().slice(0, 300);
      throw new Error(\`Blast Radius could not check this \${input.tool} call (\${why}\${detail ? ": " + detail : ""}), so it was stopped. Check it yourself, or remove the plugin with: blast-radius hooks uninstall opencode\`);
    }
    if (answer.decision === "deny") throw new Error(String(answer.reason));
  },
});
`;
}

export function opencodeFormat(launcher: string, command: string, isOurs: (c: string) => boolean): ConfigFormat {
  return ownFileFormat({
    text: opencodePlugin(launcher, command),
    commandsOf,
    isOurs,
    notOurs: 'a plugin of your own is already at this path; move it, then install again',
  });
}
