// Redis command text: FLUSHALL/FLUSHDB, DEL of keys named at run time, XTRIM to nothing, XGROUP
// DESTROY, and Lua scripts that flush or delete the keys a pattern finds.
import { lineAt, shorten, type SqlHit } from './types.js';

function redisWords(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return out;
}

const LUA_FLUSH = /redis\s*\.\s*p?call\s*\(\s*['"](flushall|flushdb)['"]/gi;
const LUA_FLUSH_ONE = new RegExp(LUA_FLUSH.source, 'i');
// A script that lists keys by pattern (KEYS, SCAN) and deletes them: DEL by pattern, in Lua.
const LUA_LIST = /redis\s*\.\s*p?call\s*\(\s*['"](keys|scan)['"]/i;
const LUA_DEL = /redis\s*\.\s*p?call\s*\(\s*['"](del|unlink)['"]/i;
const luaDeletesByPattern = (code: string): boolean => LUA_LIST.test(code) && LUA_DEL.test(code);
/** The literal keys a script's del/unlink calls name (`redis.call('del', 'a', "b")`). */
function luaDeletedKeys(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/redis\s*\.\s*p?call\s*\(\s*['"](?:del|unlink)['"]((?:\s*,\s*(?:'[^']*'|"[^"]*"))+)/gi)) {
    for (const k of m[1]!.matchAll(/'([^']*)'|"([^"]*)"/g)) out.push(k[1] ?? k[2]!);
  }
  return out;
}

/** Stands for arguments xargs appends to a redis-cli command at run time. */
export const RUNTIME_KEYS = '\u0000';

/** A key that names a queue or stream: a `queue`/`queues`/`stream`/`streams` segment (Sidekiq's
 *  queue:NAME, RQ's rq:queue:NAME, Resque's resque:queue:NAME, stream:events, orders_queue), a
 *  Bull/BullMQ job list (bull:NAME:wait|active|delayed|paused|prioritized|waiting-children|failed),
 *  Celery's default list `celery`, Sidekiq's namespaced retry, dead and schedule sets. */
export function isQueueKey(key: string): boolean {
  if (/^(bull|bullmq):[^:]+:(wait|waiting|active|delayed|paused|prioritized|waiting-children|failed)$/i.test(key)) return true;
  if (/^celery$/i.test(key) || /^sidekiq:(retry|dead|schedule)$/i.test(key)) return true;
  return key.split(/[:._{}-]/).some((s) => /^(queues?|streams?)$/i.test(s));
}

/** XTRIM's strategy and threshold (after the key): MAXLEN [=|~] 0 keeps nothing; a threshold only
 *  known at run time may be 0 too. MINID names the oldest entry kept: a scoped trim. */
function xtrimEmpties(rest: string[]): boolean {
  if (rest[0]?.toUpperCase() !== 'MAXLEN') return false;
  const n = rest[1] === '=' || rest[1] === '~' ? rest[2] : rest[1];
  return n === undefined || n === RUNTIME_KEYS || /^0+$/.test(n);
}

export function classifyRedis(text: string): SqlHit[] {
  const out: SqlHit[] = [];
  for (const line of text.split(/\r?\n/)) {
    const words = redisWords(line);
    const cmd = words[0]?.toUpperCase();
    if (cmd === 'FLUSHALL' || cmd === 'FLUSHDB') out.push({ kind: 'flush', statement: shorten(line) });
    // SHUTDOWN NOSAVE stops the server without writing its data: every write since the last
    // snapshot is gone (redis.io/docs/latest/commands/shutdown).
    else if (cmd === 'SHUTDOWN' && words.slice(1).some((w) => w.toUpperCase() === 'NOSAVE')) out.push({ kind: 'flush', statement: shorten(line) });
    // FUNCTION FLUSH deletes every function library; they persist with the data (RDB/AOF), not a
    // cache a client reloads as SCRIPT FLUSH's scripts are (redis.io/docs/latest/commands/function-flush).
    else if (cmd === 'FUNCTION' && words[1]?.toUpperCase() === 'FLUSH') out.push({ kind: 'flush', statement: shorten(line) });
    // `redis-cli --scan | xargs redis-cli DEL`: every key a scan finds, named only at run time.
    else if ((cmd === 'DEL' || cmd === 'UNLINK') && words.includes(RUNTIME_KEYS)) out.push({ kind: 'delete-without-where', statement: `${cmd} <keys appended at run time>` });
    // DEL of a key that holds a queue or stream: every job or message waiting in it (rt26a: the
    // on-call fix for a stuck queue). One cache or session key stays quiet.
    else if ((cmd === 'DEL' || cmd === 'UNLINK') && words.slice(1).some(isQueueKey)) out.push({ kind: 'delete-queue', statement: shorten(line), object: words.slice(1).find(isQueueKey) });
    else if ((cmd === 'EVAL' || cmd === 'EVAL_RO') && words[1] && LUA_FLUSH_ONE.test(words[1])) out.push({ kind: 'flush', statement: shorten(line) });
    else if (cmd === 'EVAL' && words[1] && luaDeletesByPattern(words[1])) out.push({ kind: 'delete-without-where', statement: shorten(line) });
    // A script that deletes queue or stream keys it names: `redis.call('del', 'queue:default')`.
    else if (cmd === 'EVAL' && words[1] && luaDeletedKeys(words[1]).some(isQueueKey)) out.push({ kind: 'delete-queue', statement: shorten(line), object: luaDeletedKeys(words[1]).find(isQueueKey) });
    // XTRIM KEY MAXLEN [=|~] 0: every entry of the stream; XGROUP DESTROY KEY GROUP: the group's
    // place and its pending entries (redis.io/docs/latest/commands/xtrim, /xgroup-destroy).
    else if (cmd === 'XTRIM' && xtrimEmpties(words.slice(2))) out.push({ kind: 'delete-without-where', statement: shorten(line) });
    else if (cmd === 'XGROUP' && words[1]?.toUpperCase() === 'DESTROY') out.push({ kind: 'delete-without-where', statement: shorten(line) });
  }
  // A Lua script file (redis-cli --eval) calls commands through redis.call.
  if (out.length === 0) for (const m of text.matchAll(LUA_FLUSH)) out.push({ kind: 'flush', statement: shorten(lineAt(text, m.index)) });
  if (out.length === 0 && luaDeletesByPattern(text)) out.push({ kind: 'delete-without-where', statement: shorten(lineAt(text, text.search(LUA_DEL))) });
  return out;
}
