import type { CommandRule } from '../rule';

/** Its findings come from the extractor and the engine (engine.ts: unanalyzable), not from a check of its own. */
export const cannotBeChecked: CommandRule = {
  id: 'UNK001',
  name: 'cannot-be-checked',
  category: 'unanalyzable',
  severity: 'medium',
  triggers: [{ programs: ['eval', 'sh', 'bash', 'zsh', 'pwsh', 'powershell', 'base64'] }],
  summary: 'Part of the command is computed at run time, encoded or malformed, so what it would do cannot be checked.',
  rationale:
    'A program name in a variable, `eval "$x"`, a base64 payload piped into a shell or PowerShell -EncodedCommand can hide anything, including the commands the other rules catch. An agent that is blocked may reach for exactly these forms. The same holds for a file the line runs that cannot be read (a script that is missing, too large or binary, a script or target named at run time): what it would do is unknown.',
  alternative: 'Write the command out literally (the program and its arguments as plain words) so it can be checked, or run it yourself after reading it.',
  examples: {
    fire: ['eval "$CMD"', '$TOOL --force', 'echo cm0gLXJmIH4= | base64 -d | sh', 'powershell -EncodedCommand UgBlAG0A', 'bash -c "$(cat script.txt)"'],
    pass: ['eval "$(ssh-agent -s)" && ssh-add', 'echo "$HOME"', 'bash -c "npm test"', 'base64 -d in.txt > out.bin'],
  },
  check: () => undefined,
};
