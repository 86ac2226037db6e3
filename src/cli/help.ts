/** Usage text for every command, in one place so `--help`, `help <cmd>` and errors agree. */

export const USAGE_LINES: Readonly<Record<string, string>> = {
  check: 'blast-radius check [--cwd DIR] [--workspace DIR] [--strictness LEVEL] [--shell bash|sh|zsh|pwsh|cmd] [--format text|json] -- <command line>',
  'check --jsonl': 'blast-radius check --jsonl [--workspace DIR] [--strictness LEVEL] < requests.jsonl',
  scan: 'blast-radius scan [--git [REV] | --staged | --diff FILE|-] [--format text|json|sarif] [--strictness LEVEL] [--cwd DIR]',
  rules: 'blast-radius rules [--format text|json]',
};

const TOP = `Blast Radius scores what AI coding agents do for destructiveness.

Usage:
  ${USAGE_LINES.check}
  ${USAGE_LINES['check --jsonl']}
  ${USAGE_LINES.scan}
  ${USAGE_LINES.rules}
  blast-radius help <command>
  blast-radius --version

Exit codes: 0 allow, 10 warn, 20 gate, 64 usage error, 70 internal error.
`;

const CHECK = `Usage:
  ${USAGE_LINES.check}
  ${USAGE_LINES['check --jsonl']}

Scores one command line before it runs. The command line is the argument after \`--\` (quote it
as one argument; several are joined with single spaces). A patch written into the line
(\`apply_patch <<'EOF'\`, a diff fed to \`git apply\` or \`patch\`) is judged as the edit it makes
to the files as they are now, relative to --cwd.

Options:
  --cwd DIR           directory the command would run in (default: the current one)
  --workspace DIR     the project root (default: the git top-level, else --cwd)
  --strictness LEVEL  off, relaxed, balanced, strict or paranoid, for this call only
  --shell SHELL       bash (default), sh, zsh, pwsh or cmd
  --format FORMAT     text (default) or json
  --jsonl             read {"command", "cwd"?, "shell"?} per line on stdin and write one JSON
                      result per line, as each line arrives

Policy: ~/.config/blast-radius/policy.json (or $XDG_CONFIG_HOME, %APPDATA% on Windows); the
workspace's .blast-radius.json may only tighten it; BLAST_RADIUS_STRICTNESS may only tighten.

Exit codes: 0 allow, 10 warn, 20 gate, 64 usage error, 70 internal error (--jsonl: 0 unless
stdin cannot be read).
`;

const RULES = `Usage:
  ${USAGE_LINES.rules}

Lists every rule: id, category, severity and what it catches.
`;

export function helpText(command?: string): string | undefined {
  switch (command) {
    case undefined:
      return TOP;
    case 'check':
      return CHECK;
    case 'rules':
      return RULES;
    default:
      return undefined;
  }
}

/** The one-line message for a usage error: what went wrong and the right usage. */
export function usageLine(message: string, command?: string): string {
  const usage = command && USAGE_LINES[command] ? USAGE_LINES[command] : 'blast-radius <check|scan|rules|help> …';
  return `blast-radius: ${message} (usage: ${usage})\n`;
}
