/**
 * Edit engine benchmarks. Prints figures; run with `npx tsx bench/edit-bench.ts`.
 * Targets (issue 3): 5 % spread edit of a 10,000-line Terraform file ≤ 30 ms, one-line change
 * ≤ 1 ms, entirely new content ≤ 200 ms (diff capped and reported), `scan --git` over a 500-file
 * change ≤ 2 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runScan } from '../src/cli/scan';
import { evaluateEdit } from '../src/core/edit/engine';
import { loadShellGrammar } from '../src/node/grammar-files';

function terraform(lines: number, seed: string): string {
  const out: string[] = [];
  let i = 0;
  while (out.length < lines) {
    const kind = i % 3;
    if (kind === 0) {
      out.push(`resource "aws_db_instance" "db_${seed}_${i}" {`, `  identifier          = "db-${seed}-${i}"`, '  engine              = "postgres"', '  instance_class      = "db.t3.medium"', `  allocated_storage   = ${20 + (i % 50)}`, '  deletion_protection = true', '  skip_final_snapshot = false', '  lifecycle {', '    prevent_destroy = true', '  }', '}', '');
    } else if (kind === 1) {
      out.push(`resource "aws_s3_bucket" "bucket_${seed}_${i}" {`, `  bucket = "acme-${seed}-${i}"`, '  tags = {', `    Name = "bucket ${i}"`, '    Team = "data"', '  }', '}', '');
    } else {
      out.push(`resource "aws_sns_topic" "topic_${seed}_${i}" {`, `  name = "topic-${seed}-${i}"`, '}', '');
    }
    i++;
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/** Median wall time of `runs` calls after a warm-up (the median keeps GC pauses out of the figure). */
function time(_label: string, runs: number, fn: () => unknown): number {
  for (let i = 0; i < Math.min(10, runs); i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

function report(label: string, ms: number, target: number, extra = ''): void {
  const ok = ms <= target ? 'ok ' : 'SLOW';
  console.log(`${ok} ${label.padEnd(52)} ${ms.toFixed(3).padStart(9)} ms   (target ≤ ${target} ms)${extra ? `   ${extra}` : ''}`);
}

async function main(): Promise<void> {
  await loadShellGrammar();
  const base = terraform(10_000, 'a');
  const lines = base.split('\n');
  console.log(`Terraform file: ${lines.length - 1} lines, ${(base.length / 1024).toFixed(0)} KB\n`);

  // 5 % of lines, spread across the file: change every 20th line that is an attribute.
  const spread = lines.slice();
  let changed = 0;
  for (let i = 1; i < spread.length; i += 20) {
    if (spread[i].startsWith('  ') && spread[i].includes('=')) {
      spread[i] = spread[i].replace(/= (.*)$/, '= $1 # edited');
      changed++;
    } else {
      spread[i] = `${spread[i]} # edited`;
      changed++;
    }
  }
  const spreadText = spread.join('\n');
  const r5 = evaluateEdit({ path: 'infra/main.tf', before: base, after: spreadText });
  report(`5 % spread edit (${changed} lines)`, time('spread', 40, () => evaluateEdit({ path: 'infra/main.tf', before: base, after: spreadText })), 30, `${r5.findings.length} findings`);

  // One-line change in the middle.
  const one = lines.slice();
  const mid = one.findIndex((l, i) => i > 5000 && l.includes('allocated_storage'));
  one[mid] = one[mid].replace(/\d+$/, '999');
  const oneText = one.join('\n');
  const r1 = evaluateEdit({ path: 'infra/main.tf', before: base, after: oneText });
  report('one-line change', time('one', 200, () => evaluateEdit({ path: 'infra/main.tf', before: base, after: oneText })), 1, `${r1.findings.length} findings`);

  // A one-line change that matters: deletion protection off, in the middle.
  const risky = lines.slice();
  const dp = risky.findIndex((l, i) => i > 5000 && l.includes('deletion_protection'));
  risky[dp] = risky[dp].replace('true', 'false');
  const riskyText = risky.join('\n');
  const rr = evaluateEdit({ path: 'infra/main.tf', before: base, after: riskyText });
  report('one-line risky change (deletion_protection off)', time('risky', 200, () => evaluateEdit({ path: 'infra/main.tf', before: base, after: riskyText })), 1, rr.findings.map((f) => `${f.ruleId}@${f.range.start.line + 1}`).join(', '));

  // Entirely new content.
  // Entirely new content: every non-blank line differs from every line of the original.
  const other = terraform(10_000, 'b').split('\n').map((l) => (l ? `${l} # rewritten` : l)).join('\n');
  const rn = evaluateEdit({ path: 'infra/main.tf', before: base, after: other });
  report('entirely new content', time('new', 10, () => evaluateEdit({ path: 'infra/main.tf', before: base, after: other })), 200, `${rn.findings.length} findings, diff capped: ${rn.findings.some((f) => f.ruleId === 'EDT007')}, +${rn.stats.added}/-${rn.stats.removed} lines`);

  // scan --git over a 500-file change.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'br-bench-'));
  try {
    const git = (...args: string[]): void => void execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('config', 'user.email', 'bench@example.invalid');
    git('config', 'user.name', 'bench');
    git('config', 'commit.gpgsign', 'false');
    for (let i = 0; i < 600; i++) {
      const sub = path.join(dir, `mod${i % 20}`);
      mkdirSync(sub, { recursive: true });
      const name = i % 3 === 0 ? `f${i}.tf` : i % 3 === 1 ? `f${i}.ts` : `f${i}.yaml`;
      const body = i % 3 === 0 ? terraform(60, `f${i}`) : i % 3 === 1 ? Array.from({ length: 80 }, (_, k) => `export const v${k} = ${k};`).join('\n') + '\n' : Array.from({ length: 40 }, (_, k) => `key${k}: value${k}`).join('\n') + '\n';
      writeFileSync(path.join(sub, name), body);
    }
    git('add', '-A');
    git('commit', '-qm', 'base');
    let n = 0;
    for (let i = 0; i < 600 && n < 500; i++, n++) {
      const sub = path.join(dir, `mod${i % 20}`);
      const name = i % 3 === 0 ? `f${i}.tf` : i % 3 === 1 ? `f${i}.ts` : `f${i}.yaml`;
      if (i % 10 === 9) unlinkSync(path.join(sub, name));
      else writeFileSync(path.join(sub, name), `# changed\n${i % 3 === 0 ? terraform(60, `g${i}`) : 'export const changed = true;\n'}`);
    }
    let out = '';
    const io = { stdout: (s: string) => void (out += s), stderr: () => undefined, cwd: dir };
    await runScan(['--git', '--format', 'json'], io); // warm-up (module load, grammar)
    const t0 = performance.now();
    const code = await runScan(['--git', '--format', 'json'], io);
    const ms = performance.now() - t0;
    const parsed = JSON.parse(out.slice(out.lastIndexOf('{\n  "tool"'))) as { files: unknown[]; summary: { findings: number } };
    report(`scan --git over a ${parsed.files.length}-file change`, ms, 2000, `exit ${code}, ${parsed.summary.findings} findings`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
