/**
 * Finds and reads the two WASM files of the shell grammar: next to the bundle in dist/, or in
 * node_modules when running from source (tests, tsx).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { initShellGrammar, type GrammarBytes } from '../core/shell/grammar';

function candidates(name: string, pkgPath: string): string[] {
  const out = [path.join(__dirname, name), path.join(__dirname, '..', 'dist', name), path.join(__dirname, '..', '..', 'dist', name)];
  try {
    out.push(require.resolve(pkgPath));
  } catch {
    // Not installed as a package: the bundled copy is the only one.
  }
  return out;
}

function readFirst(paths: string[]): Uint8Array {
  for (const p of paths) if (existsSync(p)) return readFileSync(p);
  throw new Error(`shell grammar not found; looked in: ${paths.join(', ')}`);
}

export function readGrammarBytes(): GrammarBytes {
  return {
    runtime: readFirst(candidates('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm')),
    bash: readFirst(candidates('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm')),
  };
}

export function loadShellGrammar(): Promise<void> {
  return initShellGrammar(readGrammarBytes());
}
