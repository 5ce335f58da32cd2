// Setting agents up (init, doctor, shims): what other folders use of this one. The hook runtime
// (hooks.ts) and its wire format (hook-wire.ts, which the fast path reads) are entry points of
// their own, so answering a hook never loads the set-up code.
export * from './codex-config.js';
export * from './discover.js';
export * from './jsonc.js';
export * from './setup.js';
export * from './shims.js';
