// Redis command text: FLUSHALL/FLUSHDB, DEL of keys named at run time, and Lua scripts that flush.
import { lineAt, shorten, type SqlHit } from './types.js';

function redisWords(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return out;
}

const LUA_FLUSH = /redis\s*\.\s*p?call\s*\(\s*['"](flushall|flushdb)['"]/gi;
const LUA_FLUSH_ONE = new RegExp(LUA_FLUSH.source, 'i');

/** Stands for arguments xargs appends to a redis-cli command at run time. */
export const RUNTIME_KEYS = '\u0000';

export function classifyRedis(text: string): SqlHit[] {
  const out: SqlHit[] = [];
  for (const line of text.split(/\r?\n/)) {
    const words = redisWords(line);
    const cmd = words[0]?.toUpperCase();
    if (cmd === 'FLUSHALL' || cmd === 'FLUSHDB') out.push({ kind: 'flush', statement: shorten(line) });
    // `redis-cli --scan | xargs redis-cli DEL`: every key a scan finds, named only at run time.
    else if ((cmd === 'DEL' || cmd === 'UNLINK') && words.includes(RUNTIME_KEYS)) out.push({ kind: 'delete-without-where', statement: `${cmd} <keys appended at run time>` });
    else if ((cmd === 'EVAL' || cmd === 'EVAL_RO') && words[1] && LUA_FLUSH_ONE.test(words[1])) out.push({ kind: 'flush', statement: shorten(line) });
  }
  // A Lua script file (redis-cli --eval) calls commands through redis.call.
  if (out.length === 0) for (const m of text.matchAll(LUA_FLUSH)) out.push({ kind: 'flush', statement: shorten(lineAt(text, m.index)) });
  return out;
}
