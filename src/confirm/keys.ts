// The approver key: an Ed25519 key pair whose private half is encrypted with a passphrase only the
// person knows (scrypt → AES-256-GCM). Every approval is a signature by it; whoever consumes an
// approval verifies it against the trust anchor. node:crypto only.
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, scryptSync, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MIN_PASSPHRASE = 12;
/** scrypt cost: about a second on a 2-core machine (N = 2^18, r = 8: 256 MiB). */
export const DEFAULT_COST = 2 ** 18;

export interface ApproverKeyFile {
  version: 1;
  fingerprint: string;
  publicKey: string;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string; data: string };
  created: string;
  previous?: { fingerprint: string; publicKey: string; signature: string; previous?: ApproverKeyFile['previous'] };
}

export interface Claims {
  purpose: 'approve' | 'deny' | 'trust';
  id: string;
  binding: string;
  expires: number;
  by: string;
}

export class WrongPassphrase extends Error {}

const b64 = (b: Buffer): string => b.toString('base64');

export function fingerprintOf(publicKeyB64: string): string {
  const h = createHash('sha256').update(Buffer.from(publicKeyB64, 'base64')).digest('hex').slice(0, 20);
  return `SHA256:${h.match(/.{4}/g)!.join(' ')}`;
}

function kek(passphrase: string, kdf: ApproverKeyFile['kdf']): Buffer {
  return scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 128 * kdf.N * kdf.r * 2 + 1024 * 1024 });
}

function seal(priv: KeyObject, pub: KeyObject, passphrase: string, cost: number): ApproverKeyFile {
  if (passphrase.length < MIN_PASSPHRASE) throw new Error(`the passphrase must have at least ${MIN_PASSPHRASE} characters`);
  const kdf = { name: 'scrypt' as const, N: cost, r: 8, p: 1, salt: b64(randomBytes(16)) };
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', kek(passphrase, kdf), iv);
  const der = priv.export({ type: 'pkcs8', format: 'der' });
  const data = Buffer.concat([c.update(der), c.final()]);
  const publicKey = b64(pub.export({ type: 'spki', format: 'der' }));
  return { version: 1, fingerprint: fingerprintOf(publicKey), publicKey, kdf, cipher: { name: 'aes-256-gcm', iv: b64(iv), tag: b64(c.getAuthTag()), data: b64(data) }, created: new Date().toISOString() };
}

export function createKey(passphrase: string, opts: { cost?: number } = {}): ApproverKeyFile {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return seal(privateKey, publicKey, passphrase, opts.cost ?? DEFAULT_COST);
}

export function unlockKey(file: ApproverKeyFile, passphrase: string): KeyObject {
  try {
    const d = createDecipheriv('aes-256-gcm', kek(passphrase, file.kdf), Buffer.from(file.cipher.iv, 'base64'));
    d.setAuthTag(Buffer.from(file.cipher.tag, 'base64'));
    const der = Buffer.concat([d.update(Buffer.from(file.cipher.data, 'base64')), d.final()]);
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    // The private key must belong to the public key the file names.
    if (b64(createPublicKey(key).export({ type: 'spki', format: 'der' })) !== file.publicKey) throw new WrongPassphrase('the key file does not hold together');
    return key;
  } catch (e) {
    if (e instanceof WrongPassphrase) throw e;
    throw new WrongPassphrase('wrong passphrase (or a damaged key file)');
  }
}

const rotationText = (fp: string): string => `countersign-key-rotation-v1\n${fp}`;

/** A new key, introduced by the old one: only someone with the old passphrase can make it. */
export function rotateKey(old: ApproverKeyFile, oldPassphrase: string, newPassphrase: string, opts: { cost?: number } = {}): ApproverKeyFile {
  const oldKey = unlockKey(old, oldPassphrase);
  const next = createKey(newPassphrase, opts);
  const signature = b64(edSign(null, Buffer.from(rotationText(next.fingerprint)), oldKey));
  return { ...next, previous: { fingerprint: old.fingerprint, publicKey: old.publicKey, signature, ...(old.previous ? { previous: old.previous } : {}) } };
}

function canonical(c: Claims): Buffer {
  return Buffer.from(['countersign-claims-v1', c.purpose, c.id, c.binding, String(c.expires), c.by].map((s) => `${s.length}:${s}`).join('\n'));
}

export function sign(key: KeyObject, c: Claims): string {
  return b64(edSign(null, canonical(c), key));
}

export function verify(publicKeyB64: string, c: Claims, signature: string): boolean {
  try {
    const pub = createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
    return edVerify(null, canonical(c), pub, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export function approverFile(env: Readonly<Record<string, string | undefined>>, home: string): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'countersign', 'approver.json');
}

export function readKeyFile(file: string): ApproverKeyFile | undefined {
  try {
    const k = JSON.parse(readFileSync(file, 'utf8')) as ApproverKeyFile;
    return k && k.version === 1 && typeof k.publicKey === 'string' && fingerprintOf(k.publicKey) === k.fingerprint ? k : undefined;
  } catch {
    return undefined;
  }
}

export function writeKeyFile(file: string, k: ApproverKeyFile): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(k, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

export const SYSTEM_APPROVERS = process.platform === 'darwin' ? '/Library/Application Support/countersign/approvers' : '/etc/countersign/approvers';

export interface Anchor {
  publicKey: string;
  fingerprint: string;
  source: 'system' | 'user';
}

/** Root-owned and writable by root alone, the file and every directory above it. */
function rootOnly(file: string): boolean {
  for (let p = file; ; p = path.dirname(p)) {
    try {
      const st = statSync(p);
      if (st.uid !== 0 || (st.mode & 0o022) !== 0) return false;
    } catch {
      return false;
    }
    if (p === path.dirname(p)) return true;
  }
}

/** A pinned system key: lines `publicKey-base64` (a fingerprint after it is a comment). */
function systemAnchor(file: string): { anchor?: Anchor; problem?: string } | undefined {
  if (!existsSync(file)) return undefined;
  if (!rootOnly(file)) return { problem: `${file} is not owned and writable by root alone, so it is ignored` };
  const line = readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
  const pub = line?.split(/\s+/)[0];
  if (!pub) return { problem: `${file} names no key` };
  return { anchor: { publicKey: pub, fingerprint: fingerprintOf(pub), source: 'system' } };
}

/** Does the key's `previous` chain reach the pinned fingerprint, each link signed by the key before? */
function introducedBy(k: ApproverKeyFile, pinned: string): boolean {
  let fp = k.fingerprint;
  for (let prev = k.previous, n = 0; prev && n < 32; prev = prev.previous, n++) {
    if (fingerprintOf(prev.publicKey) !== prev.fingerprint) return false;
    try {
      const pub = createPublicKey({ key: Buffer.from(prev.publicKey, 'base64'), format: 'der', type: 'spki' });
      if (!edVerify(null, Buffer.from(rotationText(fp)), pub, Buffer.from(prev.signature, 'base64'))) return false;
    } catch {
      return false;
    }
    if (prev.fingerprint === pinned) return true;
    fp = prev.fingerprint;
  }
  return false;
}

export function trustAnchor(env: Readonly<Record<string, string | undefined>>, home: string, stateDir: string, opts: { systemFile?: string } = {}): { anchor?: Anchor; problem?: string } {
  const sys = systemAnchor(opts.systemFile ?? SYSTEM_APPROVERS);
  if (sys?.anchor) return sys;
  const k = readKeyFile(approverFile(env, home));
  const pinFile = path.join(stateDir, 'approver-pin.json');
  let pinned: string | undefined;
  try {
    pinned = (JSON.parse(readFileSync(pinFile, 'utf8')) as { fingerprint?: string }).fingerprint;
  } catch {
    pinned = undefined;
  }
  if (!k) return { problem: [sys?.problem, pinned ? `the approver key ${pinned} is gone from ${approverFile(env, home)}` : 'no approver key is set up (countersign approver setup)'].filter(Boolean).join('; ') };
  if (pinned && pinned !== k.fingerprint) {
    if (!introducedBy(k, pinned)) return { problem: `the approver key changed from ${pinned} to ${k.fingerprint} without the old passphrase, so it is refused (a person can restore the old key file, or remove ${pinFile} to accept the new one)` };
  }
  if (pinned !== k.fingerprint) {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    writeFileSync(pinFile, JSON.stringify({ fingerprint: k.fingerprint, since: new Date().toISOString() }) + '\n', { mode: 0o600 });
  }
  return { anchor: { publicKey: k.publicKey, fingerprint: k.fingerprint, source: 'user' }, ...(sys?.problem ? { problem: sys.problem } : {}) };
}
