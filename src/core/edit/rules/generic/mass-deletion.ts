import type { ScoreContext, Severity } from '../../../types';
import type { BatchMatch } from '../../rule';
import { dirname } from '../../text';
import type { FileView } from '../../view';
import { plural } from '../../../plain-text';
import { defineBatchRule } from '../helpers';
import { isArtifactPath, isEmptiedToStub, lineCounts } from './helpers';

interface Loss {
  view: FileView;
  lines: number;
}

function depthOf(folder: string): number {
  return folder ? folder.split('/').length : 0;
}

export const massDeletion = defineBatchRule({
  id: 'EDT003',
  name: 'mass-deletion',
  category: 'filesystem',
  severity: 'critical',
  files: ['**'],
  batch: true,
  summary: 'One step deletes or empties many files, or most files of a folder.',
  rationale: 'A single agent step that removes most of a folder is one event, not many small ones: "clean up", "start fresh" or a wrong path can take out a module, a test suite or the whole project. It is weighted by how much was lost.',
  alternative: 'Delete in small, reviewed steps, or move the folder aside (rename) until the change is confirmed.',
  examples: {
    fire: Array.from({ length: 12 }, (_, i) => ({ path: `src/payments/file${i}.ts`, before: `export const v${i} = ${i};\n`.repeat(30) })),
    pass: [{ path: 'src/payments/file0.ts', before: 'export const v = 1;\n' }],
  },
  /** Folders that lost most of their files (or many files) in this step, highest folder first. */
  check(views, ctx) {
    const losses: Loss[] = [];
    for (const v of views) {
      if (v.status === 'deleted' || isEmptiedToStub(v)) losses.push({ view: v, lines: lineCounts(v).before });
    }
    if (losses.length < 5) return [];
    const byFolder = new Map<string, Loss[]>();
    for (const l of losses) {
      let folder = l.view.dir;
      for (let depth = 0; depth < 32; depth++) {
        let arr = byFolder.get(folder);
        if (!arr) byFolder.set(folder, (arr = []));
        arr.push(l);
        if (!folder) break;
        folder = dirname(folder);
      }
    }
    const sizes = ctx.folderSizes;
    const qualifying = [...byFolder.entries()].filter(([folder, ls]) => {
      const size = sizes?.[folder];
      if (size !== undefined && size > 0) return ls.length >= 5 && ls.length / Math.max(size, ls.length) >= 0.5;
      return ls.length >= 10;
    });
    // Without folder sizes, a folder whose losses all sit in one subfolder is reported as that
    // subfolder (the deepest folder holding all of them).
    const children = new Map<string, [string, Loss[]][]>();
    for (const [f, ls] of byFolder) {
      if (!f) continue;
      const parent = dirname(f);
      const list = children.get(parent);
      if (list) list.push([f, ls]);
      else children.set(parent, [[f, ls]]);
    }
    // With sizes, a folder whose losses all sit in one subfolder that qualifies on its own is reported
    // as that subfolder: 30 of src/'s 32 files are "src/", even when they are also 75% of the root.
    const qualifies = new Set(qualifying.map(([f]) => f));
    for (const q of qualifying) {
      const sized = sizes?.[q[0]] !== undefined;
      for (let guard = 0; guard < 32; guard++) {
        const child = children.get(q[0])?.find(([f, ls]) => ls.length === q[1].length && (!sized || qualifies.has(f)));
        if (!child) break;
        q[0] = child[0];
      }
    }
    // One event per subtree: keep the highest qualifying folder.
    qualifying.sort((a, b) => depthOf(a[0]) - depthOf(b[0]));
    const picked: [string, Loss[]][] = [];
    for (const q of qualifying) {
      if (picked.some(([p]) => p === '' || q[0] === p || q[0].startsWith(`${p}/`))) continue;
      picked.push(q);
    }
    const out: BatchMatch[] = [];
    for (const [folder, ls] of picked) {
      const lines = ls.reduce((n, l) => n + l.lines, 0);
      const artifact = ls.every((l) => isArtifactPath(l.view.lowerPath));
      const size = sizes?.[folder];
      const share = size ? Math.min(1, ls.length / size) : undefined;
      let severity: Severity = ls.length >= 200 || lines >= 50_000 || (folder === '' && share !== undefined && share >= 0.5 && ls.length >= 10) ? 'critical' : ls.length >= 20 || lines >= 2000 ? 'high' : 'medium';
      if (artifact) severity = 'low';
      const context: ScoreContext = artifact ? { targetClass: 'artifact' } : folder === '' ? { targetClass: 'workspace-root' } : { targetClass: 'workspace-source' };
      const where = folder ? `${folder}/` : 'the workspace root';
      out.push({
        severity,
        message: `${plural(ls.length, 'file')} deleted or emptied in ${where}${share !== undefined ? ` (${Math.round(share * 100)}% of its files)` : ''}, ${plural(lines, 'line')} of content lost`,
        context,
        paths: ls.map((l) => l.view.path),
        folder,
      });
    }
    return out;
  },
});
