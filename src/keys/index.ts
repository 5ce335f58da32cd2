// The approver key: the one secret an agent running as the same user never sees. An Ed25519 key
// pair; the private key is kept encrypted under a passphrase the person chooses (scrypt, then
// AES-256-GCM). Every approval is a signature by it, so files in the state dir are only a
// transport. node:crypto only: no home-made crypto.
import { SYSTEM_APPROVERS, approverFile } from '../dirs.js';
import {
  type KeyObject,
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  sign as edSign,
  timingSafeEqual,
  verify as edVerify,
} from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MIN_PASSPHRASE = 12;

/** scrypt N. Measured on the 2-core build machine under load: 2^16 ≈ 0.9 s, 2^17 ≈ 1.4 s, 2^18 ≈ 1.8 s
 *  (r=8, p=1). 2^17 needs 128 MiB and costs about a second on a laptop. */
export const DEFAULT_COST = 2 ** 17;
const R = 8;
const P = 1;

export interface ApproverKeyFile {
  version: 1;
  fingerprint: string;
  publicKey: string; // base64 SPKI DER
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string; data: string }; // encrypted PKCS#8 DER
  created: string;
  /** Set by a rotation: the old key's signature over the new public key (proves the old passphrase). */
  previous?: { fingerprint: string; publicKey: string; signature: string; previous?: ApproverKeyFile['previous'] };
}

export interface Claims {
  purpose: 'approve' | 'deny' | 'trust';
  id: string;
  binding: string;
  expires: number;
  by: string;
}

export class WrongPassphrase extends Error {
  constructor(message = 'wrong passphrase') {
    super(message);
    this.name = 'WrongPassphrase';
  }
}

const b64 = (b: Buffer): string => b.toString('base64');
const unb64 = (s: string): Buffer => Buffer.from(s, 'base64');
// One passphrase, however the terminal composed its characters.
const norm = (p: string): string => p.normalize('NFC');

function deriveKey(passphrase: string, kdf: ApproverKeyFile['kdf']): Buffer {
  // maxmem: scrypt needs 128·N·r bytes; node's default (32 MiB) would refuse N=2^17.
  return scryptSync(norm(passphrase), unb64(kdf.salt), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + (16 << 20) });
}

/** What the encryption is bound to besides the key: the public key and the KDF parameters. */
const aad = (publicKey: string, kdf: ApproverKeyFile['kdf']): Buffer => Buffer.from(`countersign-approver-v1\0${publicKey}\0${kdf.N}:${kdf.r}:${kdf.p}:${kdf.salt}`);

export function fingerprintOf(publicKeyB64: string): string {
  const h = createHash('sha256').update(unb64(publicKeyB64)).digest('hex').slice(0, 20);
  return `SHA256:${h.match(/.{4}/g)!.join(' ')}`;
}

function checkPassphrase(p: string): void {
  if ([...norm(p)].length < MIN_PASSPHRASE) throw new Error(`the passphrase must be at least ${MIN_PASSPHRASE} characters`);
}

export function createKey(passphrase: string, opts: { cost?: number } = {}): ApproverKeyFile {
  checkPassphrase(passphrase);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return seal(publicKey, privateKey, passphrase, opts.cost ?? DEFAULT_COST);
}

function seal(publicKey: KeyObject, privateKey: KeyObject, passphrase: string, N: number): ApproverKeyFile {
  const pub = b64(publicKey.export({ type: 'spki', format: 'der' }));
  const kdf = { name: 'scrypt' as const, N, r: R, p: P, salt: b64(randomBytes(16)) };
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', deriveKey(passphrase, kdf), iv);
  c.setAAD(aad(pub, kdf));
  const data = Buffer.concat([c.update(privateKey.export({ type: 'pkcs8', format: 'der' })), c.final()]);
  return {
    version: 1,
    fingerprint: fingerprintOf(pub),
    publicKey: pub,
    kdf,
    cipher: { name: 'aes-256-gcm', iv: b64(iv), tag: b64(c.getAuthTag()), data: b64(data) },
    created: new Date().toISOString(),
  };
}

/** The private key, or WrongPassphrase (also for a tampered file: the two look the same). */
export function unlockKey(file: ApproverKeyFile, passphrase: string): KeyObject {
  let key: KeyObject;
  try {
    if (file.kdf?.name !== 'scrypt' || file.cipher?.name !== 'aes-256-gcm') throw new Error('unknown format');
    const d = createDecipheriv('aes-256-gcm', deriveKey(passphrase, file.kdf), unb64(file.cipher.iv));
    d.setAAD(aad(file.publicKey, file.kdf));
    d.setAuthTag(unb64(file.cipher.tag));
    const der = Buffer.concat([d.update(unb64(file.cipher.data)), d.final()]);
    key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new WrongPassphrase();
  }
  // The key inside must be the one the file names (a swapped public key would be caught by the
  // AAD already; this is the belt to its braces).
  if (b64(createPublicKey(key).export({ type: 'spki', format: 'der' })) !== file.publicKey) throw new WrongPassphrase('the key file does not match its public key');
  return key;
}

/** A passphrase typed again, checked without the second-long unlock: a salted SHA-256 of the one
 *  that unlocked the key, kept only in this process's memory (where the unlocked key is anyway).
 *  A key kept unlocked still needs its passphrase typed for each approval: anything that can type
 *  into the person's terminal (tmux send-keys, a terminal's remote control, an agent driving the
 *  pty) knows the phrase, never the passphrase. */
export function rememberPassphrase(passphrase: string): (typed: string) => boolean {
  const salt = randomBytes(32);
  const digest = (s: string): Buffer => createHash('sha256').update(salt).update(s, 'utf8').digest();
  const want = digest(passphrase);
  return (typed) => timingSafeEqual(want, digest(typed));
}

const rotationMessage = (newPublicKey: string): Buffer => Buffer.from(`countersign-rotate-v1\0${newPublicKey}`);

/** A new key whose `previous` link is signed by the old one (so it needs the old passphrase). */
export function rotateKey(old: ApproverKeyFile, oldPassphrase: string, newPassphrase: string, opts: { cost?: number } = {}): ApproverKeyFile {
  const oldKey = unlockKey(old, oldPassphrase);
  const next = createKey(newPassphrase, { cost: opts.cost ?? old.kdf.N });
  next.previous = {
    fingerprint: old.fingerprint,
    publicKey: old.publicKey,
    signature: b64(edSign(null, rotationMessage(next.publicKey), oldKey)),
    ...(old.previous ? { previous: old.previous } : {}),
  };
  return next;
}

/** The signed bytes: a versioned, domain-separated, fixed-order encoding of every claim. */
function claimsMessage(c: Claims): Buffer {
  return Buffer.from(`countersign-claims-v1\0${JSON.stringify([c.purpose, c.id, c.binding, c.expires, c.by])}`);
}

export function sign(key: KeyObject, c: Claims): string {
  return b64(edSign(null, claimsMessage(c), key));
}

function publicKeyObject(publicKeyB64: string): KeyObject {
  const k = createPublicKey({ key: unb64(publicKeyB64), format: 'der', type: 'spki' });
  if (k.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  return k;
}

export function verify(publicKeyB64: string, c: Claims, signature: string): boolean {
  try {
    if (typeof signature !== 'string' || !c || !['approve', 'deny', 'trust'].includes(c.purpose)) return false;
    if (typeof c.id !== 'string' || typeof c.binding !== 'string' || typeof c.by !== 'string' || !Number.isFinite(c.expires)) return false;
    return edVerify(null, claimsMessage(c), publicKeyObject(publicKeyB64), unb64(signature));
  } catch {
    return false;
  }
}

// ---- files ----

export { approverFile };

export function readKeyFile(file: string): ApproverKeyFile | undefined {
  try {
    const k = JSON.parse(readFileSync(file, 'utf8')) as ApproverKeyFile;
    if (k?.version !== 1 || typeof k.publicKey !== 'string' || !k.kdf || !k.cipher) return undefined;
    publicKeyObject(k.publicKey);
    return k;
  } catch {
    return undefined;
  }
}

export function writeKeyFile(file: string, k: ApproverKeyFile): void {
  writeJson0600(file, k);
}

function writeJson0600(file: string, data: unknown): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(dir, 0o700);
  } catch {
    /* not ours to change: the file itself is still 0600 */
  }
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

// ---- the trust anchor ----

export { SYSTEM_APPROVERS };

export interface Anchor {
  publicKey: string;
  fingerprint: string;
  source: 'system' | 'user';
}

/** The system file's text for a key: one line, `ed25519 BASE64 FINGERPRINT`. */
export function systemLine(k: Pick<ApproverKeyFile, 'publicKey' | 'fingerprint'>): string {
  return `ed25519 ${k.publicKey} ${k.fingerprint}\n`;
}

/** Why a system file can't be trusted, or undefined when root owns it and only root can write it. */
export function systemFileProblem(file: string): string | undefined {
  for (const [p, what] of [[file, 'file'], [path.dirname(file), 'directory']] as const) {
    const st = lstatSync(p);
    if (what === 'file' && !st.isFile()) return `${p} is not a regular file`;
    if (st.uid !== 0) return `${p} is not owned by root (uid ${st.uid})`;
    if (st.mode & 0o022) return `${p} is writable by group or others (mode ${(st.mode & 0o777).toString(8)})`;
  }
  return undefined;
}

/** Public keys in a system approvers file; '#' starts a comment. */
export function parseSystemFile(text: string): string[] {
  const keys: string[] = [];
  for (const line of text.split('\n')) {
    const words = line.replace(/#.*/, '').trim().split(/\s+/);
    if (words[0] !== 'ed25519' || !words[1]) continue;
    try {
      publicKeyObject(words[1]);
      keys.push(words[1]);
    } catch {
      /* not a key */
    }
  }
  return keys;
}

const pinFile = (stateDir: string): string => path.join(stateDir, 'approver-pin.json');

export function readPin(stateDir: string): { publicKey: string; fingerprint: string } | undefined {
  try {
    const p = JSON.parse(readFileSync(pinFile(stateDir), 'utf8')) as { publicKey: string };
    return typeof p.publicKey === 'string' ? { publicKey: p.publicKey, fingerprint: fingerprintOf(p.publicKey) } : undefined;
  } catch {
    return undefined;
  }
}

export function writePin(stateDir: string, publicKey: string): void {
  writeJson0600(pinFile(stateDir), { publicKey, fingerprint: fingerprintOf(publicKey), pinned: new Date().toISOString() });
}

/** Does `k`'s chain of rotations reach `pinned`, each link signed by the key before it? */
export function chainReaches(k: ApproverKeyFile, pinned: string): boolean {
  let current = k.publicKey;
  let link = k.previous;
  for (let i = 0; link && i < 1000; i++, link = link.previous) {
    try {
      if (!edVerify(null, rotationMessage(current), publicKeyObject(link.publicKey), unb64(link.signature))) return false;
    } catch {
      return false;
    }
    if (link.publicKey === pinned) return true;
    current = link.publicKey;
  }
  return false;
}

export interface AnchorResult {
  anchor?: Anchor;
  problem?: string;
  /** Things worth showing that don't stop the anchor (an ignored system file). */
  notes?: string[];
}

/** The key whose signatures count. The system file (root-owned, not group/other-writable, in a
 *  root-owned dir) wins. Else the user's approver.json, checked against a pin in the state dir:
 *  first sight pins it; a different key is accepted only when its `previous` chain reaches the
 *  pinned key with valid signatures (then the pin moves); otherwise a problem and NO key. */
export function trustAnchor(env: NodeJS.ProcessEnv | Record<string, string | undefined>, home: string, stateDir: string, opts: { systemFile?: string } = {}): AnchorResult {
  const notes: string[] = [];
  const sys = opts.systemFile ?? SYSTEM_APPROVERS;
  const userFile = approverFile(env, home);
  const user = readKeyFile(userFile);
  if (existsSync(sys)) {
    const bad = systemFileProblem(sys);
    if (bad) notes.push(`ignored ${sys}: ${bad}`);
    else {
      let keys: string[];
      try {
        keys = parseSystemFile(readFileSync(sys, 'utf8'));
      } catch (e) {
        return { problem: `can't read ${sys}: ${(e as Error).message}` };
      }
      // Root meant to pin a key: a file without one approves nothing.
      if (!keys.length) return { problem: `${sys} names no ed25519 key` };
      const pub = user && keys.includes(user.publicKey) ? user.publicKey : keys[0]!;
      const out: AnchorResult = { anchor: { publicKey: pub, fingerprint: fingerprintOf(pub), source: 'system' } };
      if (user && user.publicKey !== pub) out.notes = [`${userFile} holds ${fingerprintOf(user.publicKey)}, which ${sys} does not name: its signatures don't count`];
      return out;
    }
  }
  const withNotes = (r: AnchorResult): AnchorResult => (notes.length ? { ...r, notes } : r);
  if (!user) {
    if (existsSync(userFile)) return withNotes({ problem: `${userFile} is not a valid approver key file` });
    return withNotes({ problem: `no approver key: run \`countersign approver setup\` in your own terminal` });
  }
  if (fingerprintOf(user.publicKey) !== user.fingerprint) return withNotes({ problem: `${userFile}: the fingerprint does not match the key` });
  const pin = readPin(stateDir);
  const anchor: Anchor = { publicKey: user.publicKey, fingerprint: fingerprintOf(user.publicKey), source: 'user' };
  if (!pin) {
    try {
      writePin(stateDir, user.publicKey);
    } catch (e) {
      return withNotes({ problem: `can't pin the approver key in ${stateDir}: ${(e as Error).message}` });
    }
    return withNotes({ anchor });
  }
  if (pin.publicKey === user.publicKey) return withNotes({ anchor });
  if (chainReaches(user, pin.publicKey)) {
    try {
      writePin(stateDir, user.publicKey);
    } catch {
      /* the chain proves it either way; the pin moves next time */
    }
    return withNotes({ anchor });
  }
  return withNotes({
    problem: `the approver key changed from ${pin.fingerprint} to ${anchor.fingerprint} without the old passphrase: refused. If you replaced it yourself, run \`countersign approver setup\` again with the old key, or remove ${pinFile(stateDir)} in your own terminal`,
  });
}
