// Libraries that only some commands need, loaded synchronously on first use. Checking a command
// runs deep synchronous code (target resolution) that may or may not meet a YAML file; importing
// these statically would cost every checked command their load time (yaml alone is 260 KB).
// Resolved from node_modules at run time, not bundled, so there is one copy.
import { createRequire } from 'node:module';

const req = createRequire(import.meta.url);
let yamlMod: typeof import('yaml') | undefined;
let cryptoMod: typeof import('node:crypto') | undefined;
let zlibMod: typeof import('node:zlib') | undefined;

export function yaml(): typeof import('yaml') {
  return (yamlMod ??= req('yaml') as typeof import('yaml'));
}

export function crypto(): typeof import('node:crypto') {
  return (cryptoMod ??= req('node:crypto') as typeof import('node:crypto'));
}

/** Only to read a saved Terraform plan (a zip). */
export function zlib(): typeof import('node:zlib') {
  return (zlibMod ??= req('node:zlib') as typeof import('node:zlib'));
}
