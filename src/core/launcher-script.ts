/**
 * The text of the launchers that run the CLI: the `blast-radius` command the extension puts on
 * the terminal PATH (`launcherScript`, also what agent hooks run when they were installed from the
 * editor), and the stable launcher `blast-radius hooks install` writes (src/node/hooks/launcher.ts).
 * Both run the CLI with a Node baked in (the editor's own, as Node), so a user needs no separate
 * Node install and the launcher keeps working across updates.
 *
 * Agent hooks go through these launchers before every tool call, and most agents let a call
 * through when a hook fails with anything but its "block" answer. So when the CLI or Node is
 * gone, a `hook <agent>` call is answered in that agent's own format with "ask" (Codex: deny),
 * never with a bare error exit, and `hook` calls go straight to the small `hook.js` entry.
 */
import { answerFor, HOOK_AGENTS } from './hook-answer';

export interface LauncherScript {
  /** The file name inside the launcher folder. */
  fileName: string;
  text: string;
}

/** Single-quotes a word for POSIX sh: nothing inside single quotes is special except the quote. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Quotes a path for cmd.exe: paths cannot contain `"`; `%` must be doubled in a batch file. */
export function cmdQuote(s: string): string {
  return `"${s.replace(/%/g, '%%')}"`;
}

/** Why a launcher cannot run the CLI: one line for stderr and the reason the agent shows. */
export interface LauncherProblem {
  stderr: string;
  reason: string;
}

export interface LauncherSpec {
  /** Comment lines after the first line, without the comment marker. */
  header: string[];
  nodePath: string;
  cliPath: string;
  cliGone: LauncherProblem;
  nodeGone: LauncherProblem;
  /** The exit code of anything but a `hook <agent>` call when the CLI or Node is missing. */
  exitCode: number;
}

/** The reason an agent shows for a hook call the launcher could not run. */
export function cannotRunReason(problem: string): string {
  return `Blast Radius cannot check this call: ${problem}. Check the call before approving it.`;
}

/**
 * One line per agent: what the launcher prints for a `hook <agent>` call it cannot run, on which
 * stream (Windsurf reads a block's reason on stderr), and the exit code that goes with it.
 */
export function fallbackAnswers(reason: string): { agent: string; line: string; stderr: boolean; exitCode: number }[] {
  return HOOK_AGENTS.map((agent) => {
    const a = answerFor(agent, { kind: 'invalid', message: reason });
    const onStderr = a.stderr !== undefined;
    return { agent, line: (onStderr ? a.stderr ?? '' : a.stdout).replace(/\n$/, ''), stderr: onStderr, exitCode: a.exitCode };
  });
}

function shFallback(problem: LauncherProblem, exitCode: number, indent: string): string[] {
  return [
    `${indent}printf '%s\\n' ${shQuote(`blast-radius: ${problem.stderr}`)} >&2`,
    `${indent}if [ "$1" = hook ]; then`,
    `${indent}  case "$2" in`,
    ...fallbackAnswers(problem.reason).map(({ agent, line, stderr, exitCode }) => `${indent}    ${agent}) printf '%s\\n' ${shQuote(line)}${stderr ? ' >&2' : ''}; exit ${exitCode} ;;`),
    `${indent}  esac`,
    `${indent}fi`,
    `${indent}exit ${exitCode}`,
  ];
}

/**
 * A line for cmd's `echo`. Outside double quotes `^ & | < >` need a caret; inside them nothing
 * does, and a quote toggles the state, so quotes in the text are replaced; `%` is doubled
 * everywhere in a batch file.
 */
function cmdEchoText(s: string): string {
  let out = '';
  let quoted = false;
  for (const ch of s.replace(/[\r\n]+/g, ' ')) {
    if (ch === '"') quoted = !quoted;
    if (ch === '%') out += '%%';
    else if (!quoted && '^&|<>'.includes(ch)) out += `^${ch}`;
    else out += ch;
  }
  return out;
}

function cmdFallback(problem: LauncherProblem, exitCode: number, label: string): string[] {
  const answers = fallbackAnswers(problem.reason.replace(/"/g, "'"));
  return [
    `:${label}`,
    `echo ${cmdEchoText(`blast-radius: ${problem.stderr.replace(/"/g, "'")}`)} 1>&2`,
    `if not "%~1"=="hook" exit /b ${exitCode}`,
    ...answers.map(({ agent }, i) => `if "%~2"=="${agent}" goto ${label}_${i}`),
    `exit /b ${exitCode}`,
    ...answers.flatMap(({ line, stderr, exitCode }, i) => [`:${label}_${i}`, `echo ${cmdEchoText(line)}${stderr ? ' 1>&2' : ''}`, `exit /b ${exitCode}`]),
  ];
}

/** The launcher for `platform`: sh everywhere but Windows, a batch file there. */
export function launcherLines(platform: string, spec: LauncherSpec): string {
  if (platform === 'win32') {
    return [
      '@echo off',
      ...spec.header.map((h) => `rem ${h}`),
      'setlocal',
      `set "BR_NODE=${spec.nodePath.replace(/%/g, '%%')}"`,
      `set "BR_CLI=${spec.cliPath.replace(/%/g, '%%')}"`,
      'if not exist "%BR_CLI%" goto br_no_cli',
      'if exist "%BR_NODE%" goto br_run',
      'where node >nul 2>nul || goto br_no_node',
      'set "BR_NODE=node"',
      ':br_run',
      'set "ELECTRON_RUN_AS_NODE=1"',
      // hook.js takes the arguments as they are, `hook` first: cmd cannot drop one from %*.
      'for %%F in ("%BR_CLI%") do set "BR_HOOK=%%~dpFhook.js"',
      'if "%~1"=="hook" if exist "%BR_HOOK%" goto br_hook',
      '"%BR_NODE%" "%BR_CLI%" %*',
      'exit /b',
      ':br_hook',
      '"%BR_NODE%" "%BR_HOOK%" %*',
      'exit /b',
      ...cmdFallback(spec.cliGone, spec.exitCode, 'br_no_cli'),
      ...cmdFallback(spec.nodeGone, spec.exitCode, 'br_no_node'),
      '',
    ].join('\r\n');
  }
  return [
    '#!/bin/sh',
    ...spec.header.map((h) => `# ${h}`),
    `node=${shQuote(spec.nodePath)}`,
    `cli=${shQuote(spec.cliPath)}`,
    'if [ ! -f "$cli" ]; then',
    ...shFallback(spec.cliGone, spec.exitCode, '  '),
    'fi',
    'if [ ! -x "$node" ]; then',
    '  if command -v node >/dev/null 2>&1; then',
    '    node=node',
    '  else',
    ...shFallback(spec.nodeGone, spec.exitCode, '    '),
    '  fi',
    'fi',
    // The editor's own binary is Electron; this variable makes it behave as Node and is
    // ignored by a real Node.
    'export ELECTRON_RUN_AS_NODE=1',
    // Agent hooks take the small entry next to the CLI, which answers without the rest of it.
    'if [ "$1" = hook ] && [ -f "${cli%/*}/hook.js" ]; then',
    '  shift',
    '  exec "$node" "${cli%/*}/hook.js" "$@"',
    'fi',
    'exec "$node" "$cli" "$@"',
    '',
  ].join('\n');
}

export function launcherScript(platform: string, nodePath: string, cliPath: string): LauncherScript {
  const refresh = 'open the editor once to refresh this launcher';
  return {
    fileName: platform === 'win32' ? 'blast-radius.cmd' : 'blast-radius',
    text: launcherLines(platform, {
      header: ['Managed by the Blast Radius extension; rewritten each time the editor starts it.'],
      nodePath,
      cliPath,
      cliGone: {
        stderr: `the extension was updated or removed (${cliPath} is gone); ${refresh}.`,
        reason: cannotRunReason(`the Blast Radius extension was updated or removed (${cliPath} is gone); ${refresh}`),
      },
      nodeGone: {
        stderr: `the editor's Node.js (${nodePath}) is gone and there is no node on PATH; ${refresh}.`,
        reason: cannotRunReason(`the editor's Node.js (${nodePath}) is gone and there is no node on PATH; ${refresh}`),
      },
      exitCode: 127,
    }),
  };
}
