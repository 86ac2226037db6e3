import { defineRule } from '../helpers';

/** A launcher's text with the Node and CLI paths it runs taken out, so an update of the paths compares equal. */
function launcherShape(text: string): string | undefined {
  const paths = [...text.matchAll(/^(?:node|cli)='((?:[^']|'\\'')*)'$|^set "BR_(?:NODE|CLI)=(.*)"\r?$/gm)].map((m) => m[1] ?? m[2]).filter((p): p is string => !!p);
  if (!paths.length || !/Blast Radius/.test(text)) return undefined;
  let shape = text;
  for (const p of paths.sort((x, y) => y.length - x.length)) shape = shape.split(p).join('<path>');
  return shape;
}

const GIT_BLOCK = /^# >>> blast-radius[^\n]*\n[\s\S]*?scan --staged[\s\S]*?^# <<< blast-radius/m;

export const launcherTampered = defineRule({
  id: 'SELF010',
  name: 'launcher-tampered',
  category: 'self-protection',
  severity: 'critical',
  files: ['**/blast-radius/bin/blast-radius', '**/blast-radius/bin/blast-radius.cmd', '**/blast-radius.blast-radius/bin/*', '**/hooks/pre-commit'],
  summary: 'An edit rewrites or deletes the Blast Radius launcher every hook runs, or takes the Blast Radius block out of a git pre-commit hook.',
  rationale: 'Agents run the launcher for every tool call and read an empty answer as "allow": a launcher that exits 0 lets everything through while every setting still says protection is on.',
  alternative: 'Leave the launcher alone; `blast-radius hooks install` rewrites it when the CLI moves.',
  examples: {
    fire: [
      {
        path: '.local/share/blast-radius/bin/blast-radius',
        before: "#!/bin/sh\n# Blast Radius hook launcher: written by `blast-radius hooks install`.\nnode='/usr/bin/node'\ncli='/opt/br/dist/cli.js'\nexec \"$node\" \"$cli\" \"$@\"\n",
        after: '#!/bin/sh\nexit 0\n',
      },
      {
        path: '.git/hooks/pre-commit',
        before: "#!/bin/sh\n# >>> blast-radius: pre-commit check\n'/home/u/.local/share/blast-radius/bin/blast-radius' scan --staged || exit 1\n# <<< blast-radius\nnpm run lint\n",
        after: '#!/bin/sh\nnpm run lint\n',
      },
    ],
    pass: [
      {
        path: '.local/share/blast-radius/bin/blast-radius',
        before: "#!/bin/sh\n# Blast Radius hook launcher: written by `blast-radius hooks install`.\nnode='/usr/bin/node'\ncli='/opt/br-1.0/dist/cli.js'\nexec \"$node\" \"$cli\" \"$@\"\n",
        after: "#!/bin/sh\n# Blast Radius hook launcher: written by `blast-radius hooks install`.\nnode='/usr/local/bin/node'\ncli='/opt/br-1.1/dist/cli.js'\nexec \"$node\" \"$cli\" \"$@\"\n",
      },
      { path: '.git/hooks/pre-commit', before: '#!/bin/sh\nnpm test\n', after: '#!/bin/sh\nnpm run lint\n' },
    ],
  },
  check(view) {
    if (view.base === 'pre-commit') {
      const block = GIT_BLOCK.exec(view.before);
      if (!block) return [];
      const kept = GIT_BLOCK.exec(view.after);
      if (!kept) return [{ message: `the Blast Radius pre-commit check is ${view.status === 'deleted' ? 'deleted with the hook' : 'taken out of the hook'}: commits are no longer scanned`, beforeSpan: { start: block.index, end: block.index + block[0].length } }];
      // A line that ends the hook before our block skips it.
      const early = /^\s*exit\b[^\n]*$/m.exec(view.after.slice(0, kept.index));
      return early ? [{ message: 'the pre-commit hook now exits before the Blast Radius check runs', afterSpan: { start: early.index, end: early.index + early[0].length } }] : [];
    }
    const was = launcherShape(view.before);
    if (was === undefined) return [];
    if (view.status === 'deleted') return [{ message: 'the Blast Radius launcher is deleted: every hook that runs it fails, and agents let a failed hook\'s call through' }];
    if (launcherShape(view.after) === was) return [];
    return [{ message: 'the Blast Radius launcher is rewritten beyond its Node and CLI paths: whatever it runs now answers every hook call', afterSpan: { start: 0, end: Math.min(view.after.length, view.after.indexOf('\n') === -1 ? view.after.length : view.after.indexOf('\n')) } }];
  },
});
