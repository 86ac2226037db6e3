/**
 * Holds the tree-sitter bash parser. The adapters (CLI, extension, tests) read the two WASM
 * files and hand their bytes in once; after that, parsing is synchronous.
 */
import { Language, Parser } from 'web-tree-sitter';

export interface GrammarBytes {
  /** web-tree-sitter's runtime, `tree-sitter.wasm`. */
  runtime: Uint8Array;
  /** The bash grammar, `tree-sitter-bash.wasm`. */
  bash: Uint8Array;
}

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

export function grammarReady(): boolean {
  return parser !== undefined;
}

/** Loads the grammar once; later calls return the same promise. */
export function initShellGrammar(bytes: GrammarBytes): Promise<void> {
  loading ??= (async () => {
    await Parser.init({ wasmBinary: bytes.runtime, locateFile: () => 'tree-sitter.wasm' });
    const lang = await Language.load(bytes.bash);
    const p = new Parser();
    p.setLanguage(lang);
    parser = p;
  })();
  return loading;
}

/** The parser, or undefined before initShellGrammar has finished. */
export function bashParser(): Parser | undefined {
  return parser;
}
