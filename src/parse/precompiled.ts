// Where the launcher leaves the parser's wasm modules it started compiling (src/fast.ts), for
// src/parse/treesitter.ts. A global symbol: the launcher and the program are separate bundles.
export const PRECOMPILED = Symbol.for('countersign.wasmModules');

export interface Precompiled {
  runtime?: Promise<WebAssembly.Module>;
  grammar?: Promise<WebAssembly.Module>;
}
