/**
 * A folder the cases of one test file take turns in. Its lasting folders are made once; each
 * case's folders and files are listed as it makes them and taken away after it, and the area is
 * checked to hold nothing else, so no case sees another's files. Removing a folder costs a few
 * milliseconds on a disk mounted with online discard, and a fresh tree per case made the fixture
 * corpora spend most of their time removing them.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class FixtureArea {
  readonly root: string;
  private readonly lasting = new Set<string>();

  constructor(prefix: string) {
    this.root = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  }

  /** Folders every case finds in place (made now if missing). */
  keep(...dirs: string[]): void {
    for (const d of dirs) {
      mkdirSync(d, { recursive: true });
      for (let p = d; p !== this.root && p.startsWith(`${this.root}/`); p = path.dirname(p)) this.lasting.add(p);
    }
  }

  /** Starts a case: what it makes through the returned writes goes when `undo()` is called. */
  begin(): CaseWrites {
    return new CaseWrites(this.root, this.lasting);
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export class CaseWrites {
  private readonly made: string[] = [];
  private readonly written: string[] = [];

  constructor(
    private readonly root: string,
    private readonly lasting: ReadonlySet<string>,
  ) {}

  /** Makes `dir` and the folders above it that are missing. */
  dir(dir: string): void {
    const missing: string[] = [];
    for (let d = dir; !existsSync(d); d = path.dirname(d)) missing.unshift(d);
    for (const d of missing) {
      mkdirSync(d);
      this.made.push(d);
    }
  }

  /** Makes the folder `file` goes in; the caller then writes it. */
  file(file: string): string {
    this.dir(path.dirname(file));
    this.written.push(file);
    return file;
  }

  /** Takes away what the case made, and fails if anything else is left in the area. */
  undo(): void {
    for (const f of this.written) rmSync(f, { force: true });
    for (const d of this.made.reverse()) rmSync(d, { recursive: true, force: true });
    const left: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (this.lasting.has(p) && lstatSync(p).isDirectory()) walk(p);
        else left.push(path.relative(this.root, p));
      }
    };
    walk(this.root);
    if (left.length) throw new Error(`the case left ${left.join(', ')} behind`);
  }
}
