import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { keyIdOf, publicKeyFromPem } from '../../audit/schema/index.ts';

/** The environment variable that may hold the signing key (PEM text, or base64 of the PKCS#8 DER). */
export const SIGNING_KEY_ENV = 'SAGEBRIDGE_AUDIT_SIGNING_KEY';

/** The Ed25519 key checkpoints are signed with. `source` says where it came from, never what it is. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  readonly source: string;
}

/** Default places of the generated key pair: in the data folder, beside (not inside) the audit database. */
const defaultKeyFiles = (stateDir: string) => ({
  privateKey: join(stateDir, 'audit-signing-key.pem'),
  publicKey: join(stateDir, 'audit-signing-key.pub.pem'),
});

function ed25519(key: KeyObject, source: string): SigningKey {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `${source} holds a ${key.asymmetricKeyType ?? 'unknown'} key; audit checkpoints need an Ed25519 private key (PKCS#8 PEM)`,
    );
  return { privateKey: key, publicKey: createPublicKey(key), keyId: keyIdOf(key), source };
}

function fromText(text: string, source: string): SigningKey {
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN')
      ? createPrivateKey(text)
      : createPrivateKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    // The parser's message may quote the input; this one never does.
    throw new Error(`${source} does not hold a readable private key: expected an Ed25519 private key as PKCS#8 PEM (or base64 DER)`);
  }
  return ed25519(key, source);
}

/**
 * Writes a new key pair: the private key with mode 0600, created under a temporary name and linked into place so
 * that two processes starting together end with one key (the second reads the first's).
 */
function generate(files: { privateKey: string; publicKey: string }): void {
  mkdirSync(dirname(files.privateKey), { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const temp = `${files.privateKey}.${process.pid}.tmp`;
  writeFileSync(temp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  try {
    linkSync(temp, files.privateKey);
    writeFileSync(files.publicKey, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * The signing key: $SAGEBRIDGE_AUDIT_SIGNING_KEY, else `keyFile`, else the default file in the data folder, which is
 * generated when it does not exist and `create` is set. Undefined when there is none and none may be created.
 */
export function loadSigningKey(opts: {
  keyFile?: string | undefined;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  create: boolean;
}): SigningKey | undefined {
  const fromEnv = opts.env[SIGNING_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromText(fromEnv, `$${SIGNING_KEY_ENV}`);
  if (opts.keyFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(opts.keyFile, 'utf8');
    } catch (err) {
      throw new Error(
        `audit.checkpoints.keyFile ${opts.keyFile} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    return fromText(text, `audit.checkpoints.keyFile ${opts.keyFile}`);
  }
  const files = defaultKeyFiles(opts.stateDir);
  if (!existsSync(files.privateKey)) {
    if (!opts.create) return undefined;
    generate(files);
  }
  const key = fromText(readFileSync(files.privateKey, 'utf8'), files.privateKey);
  // A public key file lost or never written (a crash right after the link) is written again from the private key.
  if (!existsSync(files.publicKey)) writeFileSync(files.publicKey, key.publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  return key;
}

/**
 * The public key `audit verify` trusts: `publicKeyFile` when configured, else the public half of the signing key
 * (without creating one). Undefined when neither exists.
 */
export function loadVerifyKey(opts: {
  publicKeyFile?: string | undefined;
  keyFile?: string | undefined;
  stateDir: string;
  env: NodeJS.ProcessEnv;
}): KeyObject | undefined {
  if (opts.publicKeyFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(opts.publicKeyFile, 'utf8');
    } catch (err) {
      throw new Error(
        `audit.checkpoints.publicKeyFile ${opts.publicKeyFile} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    return publicKeyFromPem(text, `audit.checkpoints.publicKeyFile ${opts.publicKeyFile}`);
  }
  const signing = loadSigningKey({ ...opts, create: false });
  if (signing) return signing.publicKey;
  const { publicKey } = defaultKeyFiles(opts.stateDir);
  return existsSync(publicKey) ? publicKeyFromPem(readFileSync(publicKey, 'utf8'), publicKey) : undefined;
}
