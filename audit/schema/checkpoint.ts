import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/**
 * A signed statement "the audit log ended at row `seq`, whose hash was `hash`, at time `at`", kept outside the audit
 * database so that cutting, rewriting or extending the tail of the log shows against it (audit/README.md).
 */
export interface Checkpoint {
  /** Format version, 1. */
  readonly v: 1;
  readonly seq: number;
  readonly hash: string;
  /** When the head was read, UTC ISO instant. */
  readonly at: string;
  /** First 16 hex digits of SHA-256 over the signer's public key (SPKI DER). */
  readonly keyId: string;
  /** Ed25519 signature over checkpointSigningText, base64. */
  readonly sig: string;
}

/** Prefix of the signed text, so a checkpoint signature can never be taken for a signature of anything else. */
const DOMAIN = 'sagebridge-audit-checkpoint-v1\n';

/** The exact text that is signed: the domain line, then the canonical JSON of every member but `sig`. */
function checkpointSigningText(cp: Omit<Checkpoint, 'sig'>): string {
  return DOMAIN + canonicalJson({ v: cp.v, seq: cp.seq, hash: cp.hash, at: cp.at, keyId: cp.keyId });
}

/** The key id of a public (or private) Ed25519 key: 16 hex digits of SHA-256 over its SPKI DER encoding. */
export function keyIdOf(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Signs the head (seq, hash) read at `at` with an Ed25519 private key. */
export function signCheckpoint(head: { seq: number; hash: string; at: string }, privateKey: KeyObject): Checkpoint {
  const body = { v: 1 as const, seq: head.seq, hash: head.hash, at: head.at, keyId: keyIdOf(privateKey) };
  return { ...body, sig: sign(null, Buffer.from(checkpointSigningText(body), 'utf8'), privateKey).toString('base64') };
}

/** Whether `cp` carries a valid Ed25519 signature by `publicKey` (its key id must match too). */
export function checkpointSignatureValid(cp: Checkpoint, publicKey: KeyObject): boolean {
  if (cp.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, Buffer.from(checkpointSigningText(cp), 'utf8'), publicKey, Buffer.from(cp.sig, 'base64'));
  } catch {
    return false;
  }
}

/** One checkpoint as one line of text (canonical JSON), as every sink writes it. */
export function checkpointLine(cp: Checkpoint): string {
  return canonicalJson(cp);
}

function asCheckpoint(value: unknown): Checkpoint | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const c = value as Record<string, unknown>;
  const ok =
    c.v === 1 &&
    Number.isSafeInteger(c.seq) &&
    (c.seq as number) >= 0 &&
    typeof c.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(c.hash) &&
    typeof c.at === 'string' &&
    !Number.isNaN(Date.parse(c.at)) &&
    typeof c.keyId === 'string' &&
    typeof c.sig === 'string';
  return ok
    ? { v: 1, seq: c.seq as number, hash: c.hash as string, at: c.at as string, keyId: c.keyId as string, sig: c.sig as string }
    : undefined;
}

/**
 * Reads checkpoints from text: JSON Lines (a file sink), a JSON array (a webhook collector), or lines with text
 * before the JSON (a syslog collector's file: the JSON is taken from the first `{` of each line). Lines that hold
 * no checkpoint are counted, not fatal: a collector's file may hold other messages.
 */
export function parseCheckpoints(text: string): { checkpoints: Checkpoint[]; skipped: number } {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const list = JSON.parse(trimmed) as unknown;
      if (Array.isArray(list)) {
        const checkpoints = list.map(asCheckpoint).filter((c): c is Checkpoint => c !== undefined);
        return { checkpoints, skipped: list.length - checkpoints.length };
      }
    } catch {
      // not one JSON array: read it line by line below
    }
  }
  const checkpoints: Checkpoint[] = [];
  let skipped = 0;
  for (const line of trimmed.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const start = line.indexOf('{');
    let cp: Checkpoint | undefined;
    try {
      cp = start < 0 ? undefined : asCheckpoint(JSON.parse(line.slice(start)));
    } catch {
      cp = undefined;
    }
    if (cp) checkpoints.push(cp);
    else skipped++;
  }
  return { checkpoints, skipped };
}

/**
 * The public key in a PEM text: a public key, or a private key whose public half is taken. Throws a one-line
 * error when the text holds no Ed25519 key.
 */
export function publicKeyFromPem(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  } catch (err) {
    throw new Error(`${source} does not hold a PEM key: ${(err as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${source} holds a ${key.asymmetricKeyType ?? 'unknown'} key; checkpoints are signed with Ed25519`);
  return key;
}
