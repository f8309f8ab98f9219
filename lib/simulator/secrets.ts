/**
 * AS3 stores secrets (JWE `{ciphertext, protected}` objects) as SecureVault cryptograms: a secret posted with
 * `enc: none` comes back from GET with `enc: f5sv` and a ciphertext that is new on every deployment.
 * The simulator reproduces that with AES-GCM under a key of its own, so it can still compare plaintexts.
 */
import * as crypto from 'node:crypto';
import { isObject, type JsonObject } from './declaration-util';

/** base64url of `{"alg":"dir","enc":"none"}`: the default JOSE header, ciphertext is base64url(plaintext). */
export const PROTECTED_NONE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJub25lIn0';
/** base64url of `{"alg":"dir","enc":"f5sv"}`: ciphertext holds a SecureVault cryptogram. */
export const PROTECTED_F5SV = 'eyJhbGciOiJkaXIiLCJlbmMiOiJmNXN2In0';

const CRYPTOGRAM_PREFIX = '$M$';

export class SecretVault {
  constructor(readonly key: Buffer = crypto.randomBytes(32)) {}

  /** A fresh cryptogram for a plaintext (random IV, so never the same twice). */
  seal(plaintext: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    const cryptogram = `${CRYPTOGRAM_PREFIX}${crypto.randomBytes(2).toString('hex').slice(0, 2)}$${sealed}`;
    return Buffer.from(cryptogram, 'utf8').toString('base64url');
  }

  /** The plaintext of a cryptogram this vault sealed; undefined for anything else. */
  open(ciphertext: string): string | undefined {
    const cryptogram = Buffer.from(ciphertext, 'base64url').toString('utf8');
    const match = /^\$M\$[0-9a-f]{2}\$(.+)$/.exec(cryptogram);
    if (!match?.[1]) return undefined;
    const raw = Buffer.from(match[1], 'base64');
    if (raw.length < 28) return undefined;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

function isJwe(value: unknown): value is JsonObject & { ciphertext: string; protected: string } {
  return isObject(value) && typeof value.ciphertext === 'string' && typeof value.protected === 'string';
}

function encOf(protectedHeader: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(protectedHeader, 'base64url').toString('utf8'));
    return isObject(header) && typeof header.enc === 'string' ? header.enc : undefined;
  } catch {
    return undefined;
  }
}

/** A copy in which every `enc: none` secret is replaced by an `f5sv` cryptogram (what AS3 stores). */
export function sealSecrets<T>(value: T, vault: SecretVault): T {
  return transform(value, (jwe) => {
    if (encOf(jwe.protected) !== 'none') return jwe;
    const plaintext = Buffer.from(jwe.ciphertext, 'base64url').toString('utf8');
    return { ...jwe, ciphertext: vault.seal(plaintext), protected: PROTECTED_F5SV, miniJWE: true };
  }) as T;
}

/**
 * A copy in which every secret is reduced to its plaintext (when known), so a re-posted secret and its
 * stored cryptogram compare equal — the way AS3 compares desired and current configuration.
 */
export function revealSecrets<T>(value: T, vault: SecretVault): T {
  return transform(value, (jwe) => {
    const rest: JsonObject = { ...jwe };
    delete rest.ciphertext;
    delete rest.protected;
    delete rest.miniJWE;
    const enc = encOf(jwe.protected);
    const plaintext =
      enc === 'none'
        ? Buffer.from(jwe.ciphertext, 'base64url').toString('utf8')
        : enc === 'f5sv'
          ? vault.open(jwe.ciphertext)
          : undefined;
    return { ...rest, secret: plaintext ?? { unknownCiphertext: jwe.ciphertext } };
  }) as T;
}

function transform(
  value: unknown,
  onJwe: (jwe: JsonObject & { ciphertext: string; protected: string }) => unknown,
): unknown {
  if (Array.isArray(value)) return value.map((item) => transform(item, onJwe));
  if (!isObject(value)) return value;
  if (isJwe(value)) return onJwe(value);
  const copy: JsonObject = {};
  for (const [key, item] of Object.entries(value)) copy[key] = transform(item, onJwe);
  return copy;
}
