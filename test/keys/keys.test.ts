// The approver key: only the passphrase unlocks it, a signature covers every claim, and the key
// whose signatures count can't be swapped without the old passphrase (or root, with --system).
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApproverKeyFile,
  type Claims,
  DEFAULT_COST,
  MIN_PASSPHRASE,
  WrongPassphrase,
  approverFile,
  createKey,
  fingerprintOf,
  readKeyFile,
  readPin,
  rotateKey,
  sign,
  systemLine,
  trustAnchor,
  unlockKey,
  verify,
  writeKeyFile,
} from '../../src/keys/index.js';

const COST = 2 ** 10; // fast; one test below uses the real cost
const PASS = 'correct horse battery';
const claims: Claims = { purpose: 'approve', id: 'abc234', binding: 'f'.repeat(64), expires: 1_900_000_000_000, by: 'tty alice' };

let root: string;
let home: string;
let state: string;
let env: Record<string, string>;
let sys: string;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cs-keys-'));
  home = path.join(root, 'home');
  state = path.join(root, 'state', 'countersign');
  env = { HOME: home, XDG_CONFIG_HOME: path.join(root, 'cfg') };
  sys = path.join(root, 'etc', 'approvers'); // absent unless a test writes it
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const anchorNow = () => trustAnchor(env, home, state, { systemFile: sys });
const install = (k: ApproverKeyFile) => writeKeyFile(approverFile(env, home), k);

describe('key file', () => {
  it('round trip: the unlocked key signs, the public key verifies', () => {
    const k = createKey(PASS, { cost: COST });
    expect(k.fingerprint).toMatch(/^SHA256:[0-9a-f]{4}( [0-9a-f]{4}){4}$/);
    expect(k.fingerprint).toBe(fingerprintOf(k.publicKey));
    const key = unlockKey(k, PASS);
    const sig = sign(key, claims);
    expect(verify(k.publicKey, claims, sig)).toBe(true);
    // The private key is not in the file in the clear.
    const der = key.export({ type: 'pkcs8', format: 'der' }).toString('base64');
    expect(JSON.stringify(k)).not.toContain(der.slice(-40));
  });

  it('a wrong passphrase is refused', () => {
    const k = createKey(PASS, { cost: COST });
    expect(() => unlockKey(k, PASS + 'x')).toThrow(WrongPassphrase);
    expect(() => unlockKey(k, '')).toThrow(WrongPassphrase);
  });

  it('a passphrase under the minimum is refused', () => {
    expect(() => createKey('x'.repeat(MIN_PASSPHRASE - 1), { cost: COST })).toThrow(/at least 12/);
    expect(() => createKey('x'.repeat(MIN_PASSPHRASE), { cost: COST })).not.toThrow();
  });

  it('tampered ciphertext, tag, iv, salt, cost or public key: nothing unlocks', () => {
    const k = createKey(PASS, { cost: COST });
    const flip = (s: string) => {
      const b = Buffer.from(s, 'base64');
      b[0]! ^= 1;
      return b.toString('base64');
    };
    const other = createKey(PASS, { cost: COST });
    const variants: ApproverKeyFile[] = [
      { ...k, cipher: { ...k.cipher, data: flip(k.cipher.data) } },
      { ...k, cipher: { ...k.cipher, tag: flip(k.cipher.tag) } },
      { ...k, cipher: { ...k.cipher, iv: flip(k.cipher.iv) } },
      { ...k, kdf: { ...k.kdf, salt: flip(k.kdf.salt) } },
      { ...k, kdf: { ...k.kdf, N: COST * 2 } },
      { ...k, publicKey: other.publicKey, fingerprint: other.fingerprint },
    ];
    for (const v of variants) expect(() => unlockKey(v, PASS)).toThrow(WrongPassphrase);
    expect(() => unlockKey(k, PASS)).not.toThrow();
  });

  it('written 0600 in a 0700 dir, read back the same', () => {
    const k = createKey(PASS, { cost: COST });
    const f = approverFile(env, home);
    expect(f).toBe(path.join(root, 'cfg', 'countersign', 'approver.json'));
    expect(approverFile({}, home)).toBe(path.join(home, '.config', 'countersign', 'approver.json'));
    writeKeyFile(f, k);
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(f)).mode & 0o777).toBe(0o700);
    expect(readKeyFile(f)).toEqual(k);
    writeFileSync(f, '{"version":1,"publicKey":"bm90IGEga2V5"}');
    expect(readKeyFile(f)).toBeUndefined();
  });

  it('the real cost: N is at least 2^17 and a wrong passphrase still fails', () => {
    const k = createKey(PASS);
    expect(k.kdf.N).toBe(DEFAULT_COST);
    expect(DEFAULT_COST).toBeGreaterThanOrEqual(2 ** 17);
    expect(() => unlockKey(k, 'not the passphrase')).toThrow(WrongPassphrase);
    expect(verify(k.publicKey, claims, sign(unlockKey(k, PASS), claims))).toBe(true);
  });
});

describe('signatures', () => {
  const k = createKey(PASS, { cost: COST });
  const key = unlockKey(k, PASS);
  const sig = sign(key, claims);

  it.each([
    ['id', { id: 'abc235' }],
    ['binding', { binding: 'e'.repeat(64) }],
    ['expires', { expires: claims.expires + 1 }],
    ['purpose', { purpose: 'deny' as const }],
    ['purpose trust', { purpose: 'trust' as const }],
    ['by', { by: 'agent' }],
  ])('changing %s breaks the signature', (_n, change) => {
    expect(verify(k.publicKey, claims, sig)).toBe(true);
    expect(verify(k.publicKey, { ...claims, ...change }, sig)).toBe(false);
  });

  it('fields cannot be shifted into each other', () => {
    const a: Claims = { ...claims, id: 'a', binding: 'b\u0000c' };
    const b: Claims = { ...claims, id: 'a\u0000b', binding: 'c' };
    expect(verify(k.publicKey, b, sign(key, a))).toBe(false);
  });

  it('another key, garbage and wrong types: false, never a throw', () => {
    const other = createKey(PASS, { cost: COST });
    expect(verify(other.publicKey, claims, sig)).toBe(false);
    expect(verify(k.publicKey, claims, sign(unlockKey(other, PASS), claims))).toBe(false);
    expect(verify(k.publicKey, claims, '')).toBe(false);
    expect(verify(k.publicKey, claims, 'not base64 !!')).toBe(false);
    expect(verify('garbage', claims, sig)).toBe(false);
    expect(verify(k.publicKey, { ...claims, expires: 'x' as never }, sig)).toBe(false);
    expect(verify(k.publicKey, undefined as never, sig)).toBe(false);
    expect(verify(k.publicKey, claims, undefined as never)).toBe(false);
  });
});

describe('trust anchor: user key and pin', () => {
  it('no key: a problem and no anchor', () => {
    const r = anchorNow();
    expect(r.anchor).toBeUndefined();
    expect(r.problem).toMatch(/approver setup/);
  });

  it('first sight pins the key; the same key stays trusted', () => {
    const k = createKey(PASS, { cost: COST });
    install(k);
    expect(anchorNow().anchor).toEqual({ publicKey: k.publicKey, fingerprint: k.fingerprint, source: 'user' });
    expect(readPin(state)?.publicKey).toBe(k.publicKey);
    expect(anchorNow().anchor?.fingerprint).toBe(k.fingerprint);
  });

  it('rotation with the old passphrase is accepted and the pin moves (two rotations too)', () => {
    const k1 = createKey(PASS, { cost: COST });
    install(k1);
    anchorNow();
    const k2 = rotateKey(k1, PASS, 'second passphrase', { cost: COST });
    const k3 = rotateKey(k2, 'second passphrase', 'third passphrase!', { cost: COST });
    expect(k3.previous?.previous?.publicKey).toBe(k1.publicKey);
    expect(() => rotateKey(k1, 'wrong passphrase', 'x'.repeat(12), { cost: COST })).toThrow(WrongPassphrase);
    install(k3); // k2 was never seen: the chain k3 -> k2 -> k1 still reaches the pin
    const r = anchorNow();
    expect(r.problem).toBeUndefined();
    expect(r.anchor?.publicKey).toBe(k3.publicKey);
    expect(readPin(state)?.publicKey).toBe(k3.publicKey);
    // The old key no longer counts once the pin moved: putting it back is a change too.
    install(k1);
    expect(anchorNow().anchor).toBeUndefined();
  });

  it('a key replaced without the old passphrase is refused, naming both fingerprints', () => {
    const k1 = createKey(PASS, { cost: COST });
    install(k1);
    anchorNow();
    const evil = createKey('agent passphrase', { cost: COST });
    install(evil);
    const r = anchorNow();
    expect(r.anchor).toBeUndefined();
    expect(r.problem).toContain(k1.fingerprint);
    expect(r.problem).toContain(evil.fingerprint);
    expect(readPin(state)?.publicKey).toBe(k1.publicKey); // the pin did not move
  });

  it('a forged previous link is refused', () => {
    const k1 = createKey(PASS, { cost: COST });
    install(k1);
    anchorNow();
    const evil = createKey('agent passphrase', { cost: COST });
    const evilKey = unlockKey(evil, 'agent passphrase');
    // Claims the old key as previous, signed with a key of its own, or with a copied signature.
    const genuine = rotateKey(k1, PASS, 'second passphrase', { cost: COST });
    const forged: ApproverKeyFile[] = [
      { ...evil, previous: { fingerprint: k1.fingerprint, publicKey: k1.publicKey, signature: sign(evilKey, claims) } },
      { ...evil, previous: genuine.previous },
      { ...evil, previous: { fingerprint: k1.fingerprint, publicKey: k1.publicKey, signature: '' } },
      // A valid link from an unrelated key, then a claimed link to the pinned one.
      { ...evil, previous: { fingerprint: 'x', publicKey: evil.publicKey, signature: 'AAAA', previous: { fingerprint: k1.fingerprint, publicKey: k1.publicKey, signature: genuine.previous!.signature } } },
    ];
    for (const f of forged) {
      install(f);
      const r = anchorNow();
      expect(r.anchor).toBeUndefined();
      expect(r.problem).toContain(k1.fingerprint);
    }
    expect(readPin(state)?.publicKey).toBe(k1.publicKey);
  });

  it('a fingerprint that does not match the key is a problem', () => {
    const k = createKey(PASS, { cost: COST });
    install({ ...k, fingerprint: 'SHA256:0000 0000 0000 0000 0000' });
    expect(anchorNow().anchor).toBeUndefined();
  });
});

describe('trust anchor: the system file', () => {
  const writeSys = (text: string) => {
    mkdirSync(path.dirname(sys), { recursive: true, mode: 0o755 });
    chmodSync(path.dirname(sys), 0o755);
    writeFileSync(sys, text, { mode: 0o644 });
    chmodSync(sys, 0o644);
  };
  const root0 = process.getuid?.() === 0;

  it.runIf(root0)('a root-owned system file wins over the user key and a pin', () => {
    const user = createKey(PASS, { cost: COST });
    install(user);
    anchorNow(); // pins the user key
    const admin = createKey('admin passphrase', { cost: COST });
    writeSys(`# pinned by root\n${systemLine(admin)}`);
    const r = anchorNow();
    expect(r.anchor).toEqual({ publicKey: admin.publicKey, fingerprint: admin.fingerprint, source: 'system' });
    expect(r.notes?.join('\n')).toContain(user.fingerprint);
    // A user key the system file names is the one chosen among several.
    writeSys(systemLine(admin) + systemLine(user));
    expect(anchorNow().anchor?.publicKey).toBe(user.publicKey);
  });

  it.runIf(root0)('the system file wins even when the user key was replaced', () => {
    const user = createKey(PASS, { cost: COST });
    writeSys(systemLine(user));
    install(createKey('agent passphrase', { cost: COST }));
    expect(anchorNow().anchor?.publicKey).toBe(user.publicKey);
  });

  it.runIf(root0)('ignored when not owned by root, or writable by group/others, or its dir is', () => {
    const user = createKey(PASS, { cost: COST });
    install(user);
    const evil = createKey('agent passphrase', { cost: COST });
    const cases: Array<[string, () => void]> = [
      ['file owned by another uid', () => chownSync(sys, 1234, 1234)],
      ['file group-writable', () => chmodSync(sys, 0o664)],
      ['file world-writable', () => chmodSync(sys, 0o646)],
      ['dir owned by another uid', () => chownSync(path.dirname(sys), 1234, 1234)],
      ['dir world-writable', () => chmodSync(path.dirname(sys), 0o777)],
    ];
    for (const [name, spoil] of cases) {
      writeSys(systemLine(evil));
      chownSync(sys, 0, 0);
      chownSync(path.dirname(sys), 0, 0);
      spoil();
      const r = anchorNow();
      expect(r.anchor?.publicKey, name).toBe(user.publicKey);
      expect(r.anchor?.source, name).toBe('user');
      expect(r.notes?.join('\n'), name).toMatch(/ignored/);
    }
  });

  it.runIf(root0)('a trusted system file without a key approves nothing (fail closed)', () => {
    install(createKey(PASS, { cost: COST }));
    writeSys('# nothing here\ned25519 not-a-key\n');
    const r = anchorNow();
    expect(r.anchor).toBeUndefined();
    expect(r.problem).toMatch(/names no ed25519 key/);
  });

  it('the system line carries the key and its fingerprint', () => {
    const k = createKey(PASS, { cost: COST });
    expect(systemLine(k)).toBe(`ed25519 ${k.publicKey} ${k.fingerprint}\n`);
  });
});
