/**
 * Finds and reads the two WASM files of the shell grammar: next to the bundle in dist/, or in
 * node_modules when running from source (tests, tsx).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
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

/** What `keepWasmOnBaseline` did; `set` and `user-flags` come with a line for the log. */
export type BaselineGuard = { kind: 'set' | 'user-flags'; message: string } | { kind: 'not-needed' };

/**
 * Node 20's V8 (11.x) holds the whole process while its optimising compiler recompiles the
 * PowerShell grammar's lexer (one WebAssembly function of about 460 kB): after a few hundred
 * PowerShell lines, every timer of the process fired 12 to 18 s late, which in an extension host
 * is every extension frozen (`bench/pwsh-tierup-bench.ts`). V8 12 and later (Node 22, Electron's
 * V8) compile it in the background without holding anything. V8 decides whether to tier up when
 * a function turns hot, from the process-wide flags, so the only switch is `--liftoff-only` for
 * the rest of the process: other WebAssembly in the process then runs on the baseline compiler
 * too, which is why it is set only where the stall exists, and said in the log. Flags the user
 * gave for WebAssembly are left as they are.
 */
export function keepWasmOnBaseline(
  v8Version = process.versions.v8,
  given: readonly string[] = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)],
  setFlags: (flags: string) => void = (flags) => v8.setFlagsFromString(flags),
): BaselineGuard {
  const major = Number.parseInt(v8Version, 10);
  if (!(major < 12)) return { kind: 'not-needed' };
  const own = given.filter((f) => /^--(no-)?(liftoff|wasm[-_](tier|dynamic|lazy))/.test(f));
  if (own.length > 0) {
    return {
      kind: 'user-flags',
      message: `V8 ${v8Version} may hold this process for several seconds while it optimises the PowerShell grammar; left to the WebAssembly flags given (${own.join(' ')})`,
    };
  }
  setFlags('--liftoff-only');
  return {
    kind: 'set',
    message: `V8 ${v8Version} would hold this process for 12 to 18 s while it optimises the PowerShell grammar: WebAssembly in this process now stays on V8's baseline compiler (--liftoff-only)`,
  };
}

let baselineChecked = false;

/**
 * Reads the PowerShell grammar only when asked: most sessions never need it. `note` hears, once
 * per process, what was done about V8's stall (see keepWasmOnBaseline).
 */
export function loadPowerShellGrammar(note?: (message: string) => void): Promise<void> {
  if (!baselineChecked) {
    baselineChecked = true;
    const guard = keepWasmOnBaseline();
    if (guard.kind !== 'not-needed') note?.(guard.message);
  }
  return initPowerShellGrammar({
    runtime: readGrammarFile('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm'),
    powershell: readGrammarFile('tree-sitter-powershell.wasm', 'tree-sitter-powershell/tree-sitter-powershell.wasm'),
  });
}
