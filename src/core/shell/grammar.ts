/**
 * Holds the tree-sitter parsers: bash, and PowerShell once a line needs it. The adapters (CLI,
 * extension, tests) read the WASM files and hand their bytes in once; after that, parsing is
 * synchronous.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as TreeSitter from 'web-tree-sitter';
import type { Parser } from 'web-tree-sitter';

let treeSitterModule: typeof TreeSitter | undefined;

/**
 * web-tree-sitter, required when the first grammar loads: a line of plain words (`terraform
 * destroy`) is judged without it, and a process that never parses never evaluates its 80 kB.
 */
function treeSitter(): typeof TreeSitter {
  return (treeSitterModule ??= require('web-tree-sitter') as typeof TreeSitter);
}

export interface GrammarBytes {
  /** web-tree-sitter's runtime, `tree-sitter.wasm`. */
  runtime: Uint8Array;
  /** The bash grammar, `tree-sitter-bash.wasm`. */
  bash: Uint8Array;
}

let parser: Parser | undefined;
let loading: Promise<void> | undefined;
let runtime: Promise<void> | undefined;
let pwshParser: Parser | undefined;
let pwshLoading: Promise<void> | undefined;

/** The web-tree-sitter runtime is initialised once, whichever grammar asks first. */
function initRuntime(bytes: Uint8Array): Promise<void> {
  runtime ??= treeSitter().Parser.init({ wasmBinary: bytes, locateFile: () => 'tree-sitter.wasm' });
  return runtime;
}

export function grammarReady(): boolean {
  return parser !== undefined;
}

/** Loads the grammar once; later calls return the same promise. */
export function initShellGrammar(bytes: GrammarBytes): Promise<void> {
  loading ??= (async () => {
    await initRuntime(bytes.runtime);
    const lang = await treeSitter().Language.load(bytes.bash);
    const p = new (treeSitter().Parser)();
    p.setLanguage(lang);
    parser = p;
  })();
  return loading;
}

/** The parser, or undefined before initShellGrammar has finished. */
export function bashParser(): Parser | undefined {
  return parser;
}

export interface PowerShellGrammarBytes {
  /** web-tree-sitter's runtime, `tree-sitter.wasm` (read once, whichever grammar loads first). */
  runtime: Uint8Array;
  /** The PowerShell grammar, `tree-sitter-powershell.wasm`. */
  powershell: Uint8Array;
}

export function powerShellGrammarReady(): boolean {
  return pwshParser !== undefined;
}

/**
 * Loads the PowerShell grammar once. It is about a megabyte of WebAssembly, so adapters load it
 * only when a line needs it (a PowerShell or cmd line, or `pwsh -c` inside a bash one).
 */
export function initPowerShellGrammar(bytes: PowerShellGrammarBytes): Promise<void> {
  pwshLoading ??= (async () => {
    await initRuntime(bytes.runtime);
    const lang = await treeSitter().Language.load(bytes.powershell);
    const p = new (treeSitter().Parser)();
    p.setLanguage(lang);
    pwshParser = p;
  })();
  return pwshLoading;
}

/** The PowerShell parser, or undefined before initPowerShellGrammar has finished. */
export function powerShellParser(): Parser | undefined {
  return pwshParser;
}
