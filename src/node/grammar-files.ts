/**
 * Finds and reads the two WASM files of the shell grammar: next to the bundle in dist/, or in
 * node_modules when running from source (tests, tsx).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { initPowerShellGrammar, initShellGrammar, type GrammarBytes } from '../core/shell/grammar';

/** The copy next to the bundle (or in the repo's dist/), else the installed package's. */
function readGrammarFile(name: string, pkgPath: string): Uint8Array {
  const bundled = [path.join(__dirname, name), path.join(__dirname, '..', 'dist', name), path.join(__dirname, '..', '..', 'dist', name)];
  for (const p of bundled) if (existsSync(p)) return readFileSync(p);
  // Resolved only when no bundled copy exists: resolving walks node_modules, which a one-shot
  // CLI run should not pay for.
  let installed: string | undefined;
  try {
    installed = require.resolve(pkgPath);
  } catch {
    // Not installed as a package: the bundled copy was the only one.
  }
  if (installed && existsSync(installed)) return readFileSync(installed);
  throw new Error(`shell grammar not found; looked in: ${[...bundled, installed ?? pkgPath].join(', ')}`);
}

export function readGrammarBytes(): GrammarBytes {
  return {
    runtime: readGrammarFile('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm'),
    bash: readGrammarFile('tree-sitter-bash.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'),
  };
}

export function loadShellGrammar(): Promise<void> {
  return initShellGrammar(readGrammarBytes());
}

/** Loads the grammars a line needs (engine's grammarsNeeded); none when it needs neither. */
export async function loadGrammars(need: { bash: boolean; powershell: boolean }): Promise<void> {
  if (need.bash) await loadShellGrammar();
  if (need.powershell) await loadPowerShellGrammar();
}

/** Reads the PowerShell grammar only when asked: most sessions never need it. */
export function loadPowerShellGrammar(): Promise<void> {
  return initPowerShellGrammar({
    runtime: readGrammarFile('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm'),
    powershell: readGrammarFile('tree-sitter-powershell.wasm', 'tree-sitter-powershell/tree-sitter-powershell.wasm'),
  });
}
