// Editing the JSON-with-comments files editors and agents keep (.vscode/settings.json,
// .claude/settings.json, .cursor/hooks.json) without losing comments or formatting: every change
// is a jsonc-parser edit (modify + applyEdits) on the original text, in the file's own indentation
// and line endings. A file that doesn't parse is never touched.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FormattingOptions, JSONPath, ParseError } from 'jsonc-parser';

// Loaded at run time, not bundled: esbuild picks the package's UMD build, whose internal
// require() calls it can't follow. (Building with mainFields ['module', 'main'] would fix that.)
const { applyEdits, modify, parse, printParseErrorCode } = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');

const PARSE_OPTS = { allowTrailingComma: true, disallowComments: false };

export class JsoncError extends Error {}

/** Line and column (1-based) of an offset, for error messages. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

export function parseJsonc(text: string, file: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(text, errors, PARSE_OPTS) as unknown;
  if (errors.length) {
    const e = errors[0]!;
    const p = lineCol(text, e.offset);
    throw new JsoncError(`${file}:${p.line}:${p.col}: ${printParseErrorCode(e.error)}`);
  }
  return value;
}

/** Indentation and line endings as the file already has them. */
export function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indents = text
    .split(/\r?\n/)
    .map((l) => /^([ \t]+)\S/.exec(l)?.[1])
    .filter((s): s is string => !!s);
  if (indents.some((s) => s.startsWith('\t'))) return { insertSpaces: false, tabSize: 4, eol };
  const widths = indents.map((s) => s.length).filter((n) => n > 0);
  const tabSize = widths.length ? Math.min(...widths) : 2;
  return { insertSpaces: true, tabSize: Math.max(1, Math.min(tabSize, 8)), eol };
}

export class JsoncDoc {
  readonly file: string;
  readonly existed: boolean;
  readonly original: string;
  text: string;
  private fmt: FormattingOptions;

  constructor(file: string, text: string | undefined) {
    this.file = file;
    this.existed = text !== undefined;
    this.original = text ?? '';
    const start = text === undefined || text.trim() === '' ? '{}\n' : text;
    const value = parseJsonc(start, file);
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new JsoncError(`${file}: the top level is not a JSON object`);
    this.text = start;
    this.fmt = text === undefined || text.trim() === '' ? { insertSpaces: true, tabSize: 2, eol: '\n' } : formattingOf(text);
  }

  static read(file: string): JsoncDoc {
    return new JsoncDoc(file, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
  }

  get value(): Record<string, unknown> {
    return parse(this.text, [], PARSE_OPTS) as Record<string, unknown>;
  }

  get(p: JSONPath): unknown {
    let cur: unknown = this.value;
    for (const k of p) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string | number, unknown>)[k];
    }
    return cur;
  }

  /** Set a value (undefined removes it); `insert` inserts into an array at the index.
   *  A new property goes first in its object: inserting after the last one would put it between
   *  that property and a comment at the end of its line, and reformat that line. */
  set(p: JSONPath, value: unknown, insert = false): void {
    const edits = modify(this.text, p, value, { formattingOptions: this.fmt, isArrayInsertion: insert, getInsertionIndex: () => 0 });
    this.text = applyEdits(this.text, edits);
  }

  /** Several changes that read in this order: applied last first, as each new key goes first. */
  setAll(ops: Array<[JSONPath, unknown]>): void {
    for (const [p, value] of [...ops].reverse()) this.set(p, value);
  }

  get changed(): boolean {
    return !this.existed || this.text !== this.original;
  }

  save(): void {
    if (!this.changed) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    let out = this.text;
    if (!this.existed && !out.endsWith('\n')) out += '\n';
    writeFileSync(tmp, out);
    renameSync(tmp, this.file);
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
