/** The bundles in dist/, built once per test process for the suites that run them (test/process). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Builds the bundles once per test process; a failed build fails the suite. */
export function buildCliOnce(): void {
  const g = globalThis as { __blastRadiusCliBuilt?: boolean };
  if (g.__blastRadiusCliBuilt) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `node scripts/build.mjs failed:\n${r.stdout}\n${r.stderr}`);
  g.__blastRadiusCliBuilt = true;
}
