/**
 * What the engine cannot see through. The findings come from the extractor and the engine
 * itself (a computed program name, an encoded payload, a parse error near a risky program, a
 * line too long to read); this pack gives them an id, documentation and examples.
 */
import type { RulePack } from '../rule';

export const unanalyzablePack: RulePack = {
  name: 'unanalyzable',
  description: 'Commands the engine cannot fully read: computed, encoded or malformed. Never a silent pass.',
  rules: [
    {
      id: 'UNK001',
      name: 'cannot-be-checked',
      category: 'unanalyzable',
      severity: 'medium',
      triggers: [{ programs: ['eval', 'sh', 'bash', 'zsh', 'pwsh', 'powershell', 'base64'] }],
      summary: 'Part of the command is computed at run time, encoded or malformed, so what it would do cannot be checked.',
      rationale:
        'A program name in a variable, `eval "$x"`, a base64 payload piped into a shell or PowerShell -EncodedCommand can hide anything, including the commands the other rules catch. An agent that is blocked may reach for exactly these forms.',
      alternative: 'Write the command out literally (the program and its arguments as plain words) so it can be checked, or run it yourself after reading it.',
      examples: {
        fire: ['eval "$CMD"', '$TOOL --force', 'echo cm0gLXJmIH4= | base64 -d | sh', 'powershell -EncodedCommand UgBlAG0A', 'bash -c "$(cat script.txt)"'],
        pass: ['eval "$(ssh-agent -s)" && ssh-add', 'echo "$HOME"', 'bash -c "npm test"', 'base64 -d in.txt > out.bin'],
      },
      check: () => undefined,
    },
  ],
};
