/**
 * An edit of one line in a large Terraform file is judged on the window around the change: no
 * Terraform rule parses the whole file unless the change gives it a reason to (a `moved` block can
 * only matter once an instance would be lost). Parsing 10,000 lines on every keystroke-sized edit
 * made a one-line change take a hundred times longer than the rules themselves.
 */
import assert from 'node:assert/strict';
import { rulesForPath } from '../../../src/core/edit/rules/index';
import { FileView } from '../../../src/core/edit/view';

function terraform(blocks: number): string {
  const out: string[] = [];
  for (let i = 0; i < blocks; i++) {
    out.push(`resource "aws_db_instance" "db_${i}" {`, `  identifier          = "db-${i}"`, `  allocated_storage   = ${20 + (i % 50)}`, '  deletion_protection = true', '}', '');
    out.push(`resource "aws_instance" "web_${i}" {`, '  count = 2', `  ami   = "ami-${i}"`, '}', '');
  }
  out.push('moved {', '  from = aws_instance.web_0[1]', '  to   = aws_instance.web_1[0]', '}', '');
  return out.join('\n');
}

/** The memo keys the Terraform rules ask the view for while they check `after` against `before`. */
function keysRead(path: string, before: string, after: string): { keys: Set<string>; windowed: boolean } {
  const view = new FileView({ path, before, after });
  const keys = new Set<string>();
  const memo = view.memo.bind(view);
  view.memo = <T>(key: string, fn: () => T): T => {
    keys.add(key);
    return memo(key, fn);
  };
  for (const rule of rulesForPath(path.toLowerCase())) if (!rule.batch && rule.id.startsWith('TF')) rule.check(view);
  return { keys, windowed: view.hclWindowed };
}

describe('Terraform rules on a one-line change of a large file', () => {
  const base = terraform(1000);
  const lines = base.split('\n');

  it('read only the window around the change when nothing is lost', () => {
    const at = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('allocated_storage'));
    const after = [...lines.slice(0, at), lines[at].replace(/\d+$/, '999'), ...lines.slice(at + 1)].join('\n');
    const { keys, windowed } = keysRead('infra/main.tf', base, after);
    assert.ok(windowed, 'the fixture is large enough to be judged in a window');
    assert.deepEqual([...keys].filter((k) => k.startsWith('hclFull') || k === 'tf:coverage'), []);
  });

  it('still read the whole file for moved blocks once a count goes down', () => {
    const at = lines.findIndex((l, i) => i > lines.length / 2 && l === '  count = 2');
    const after = [...lines.slice(0, at), '  count = 1', ...lines.slice(at + 1)].join('\n');
    const { keys } = keysRead('infra/main.tf', base, after);
    assert.ok(keys.has('tf:coverage'), 'TF009 looks for moved blocks before saying an instance is destroyed');
  });
});
