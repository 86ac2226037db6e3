/**
 * The text of the `blast-radius` launcher the extension puts on the terminal PATH. It runs the CLI
 * bundled with the current extension under the editor's own Node (Electron as Node), so a user
 * needs no separate Node install and the launcher keeps working across extension updates.
 */

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

export function launcherScript(platform: string, nodePath: string, cliPath: string): LauncherScript {
  if (platform === 'win32') {
    return {
      fileName: 'blast-radius.cmd',
      text: [
        '@echo off',
        'rem Managed by the Blast Radius extension; rewritten each time the editor starts it.',
        'setlocal',
        `if not exist ${cmdQuote(cliPath)} (`,
        '  echo blast-radius: the extension was updated or removed; open the editor once to refresh this launcher. 1>&2',
        '  exit /b 127',
        ')',
        'set "ELECTRON_RUN_AS_NODE=1"',
        `${cmdQuote(nodePath)} ${cmdQuote(cliPath)} %*`,
        '',
      ].join('\r\n'),
    };
  }
  return {
    fileName: 'blast-radius',
    text: [
      '#!/bin/sh',
      '# Managed by the Blast Radius extension; rewritten each time the editor starts it.',
      `cli=${shQuote(cliPath)}`,
      'if [ ! -f "$cli" ]; then',
      '  echo "blast-radius: the extension was updated or removed; open the editor once to refresh this launcher." >&2',
      '  exit 127',
      'fi',
      `ELECTRON_RUN_AS_NODE=1 exec ${shQuote(nodePath)} "$cli" "$@"`,
      '',
    ].join('\n'),
  };
}
