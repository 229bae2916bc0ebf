import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Envelope encryption with AES-256-GCM: each record gets its own data key, which is wrapped by the
 * master key (`GATEWAY_ENCRYPTION_KEY`). The key id (a hash prefix of the master key, not the key)
 * says which master key wrapped it, so the master key can rotate: re-wrapping touches 32 bytes
 * per record and never the data.
 */
export type Envelope = {
  /**
   * 1: payload sealed with the constant associated data `data` (before issue 17 #5); 2: sealed with
   * the caller's associated data (the row's public id and destinations), so it opens only there.
   */
  v: 1 | 2;
  /** Id of the master key that wrapped `dek`. */
  kid: string;
  /** The data key, AES-256-GCM under the master key: iv.tag.ciphertext, base64url. */
  dek: string;
  /** The payload, AES-256-GCM under the data key: iv.tag.ciphertext, base64url. */
  data: string;
};

export type MasterKey = { id: string; key: Buffer };

export function masterKeyFromBase64(base64: string): MasterKey {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('An encryption key must be 32 bytes, base64-encoded.');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key };
}

const LEGACY_ASSOCIATED_DATA = 'data';

/** Seals `plaintext`; with `associatedData` (v2) it opens only with the same associated data. */
export function sealEnvelope(plaintext: string, masterKey: MasterKey, associatedData?: string): Envelope {
  const dataKey = randomBytes(32);
  return {
    v: associatedData === undefined ? 1 : 2,
    kid: masterKey.id,
    dek: seal(dataKey, masterKey.key, `dek:${masterKey.id}`),
    data: seal(Buffer.from(plaintext, 'utf8'), dataKey, associatedData ?? LEGACY_ASSOCIATED_DATA),
  };
}

/** Opens a v2 envelope with its associated data, or a v1 envelope (pass no associated data). */
export function openEnvelope(
  envelope: Envelope,
  masterKeys: readonly MasterKey[],
  associatedData?: string,
): string {
  if ((envelope.v === 2) !== (associatedData !== undefined)) {
    throw new Error(`A v${envelope.v} envelope was opened the wrong way.`);
  }
  const masterKey = masterKeys.find((candidate) => candidate.id === envelope.kid);
  if (masterKey === undefined) {
    throw new Error(
      `No configured encryption key has id ${envelope.kid}; set it as GATEWAY_ENCRYPTION_KEY_PREVIOUS.`,
    );
  }
  const dataKey = open(envelope.dek, masterKey.key, `dek:${masterKey.id}`);
  return open(envelope.data, dataKey, associatedData ?? LEGACY_ASSOCIATED_DATA).toString('utf8');
}

/** Re-wraps the data key under another master key; the payload is untouched. */
export function rewrapEnvelope(envelope: Envelope, from: readonly MasterKey[], to: MasterKey): Envelope {
  if (envelope.kid === to.id) return envelope;
  const masterKey = from.find((candidate) => candidate.id === envelope.kid);
  if (masterKey === undefined) throw new Error(`No configured encryption key has id ${envelope.kid}.`);
  const dataKey = open(envelope.dek, masterKey.key, `dek:${masterKey.id}`);
  return { ...envelope, kid: to.id, dek: seal(dataKey, to.key, `dek:${to.id}`) };
}

export function isEnvelope(value: unknown): value is Envelope {
  const candidate = value as Partial<Envelope> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    (candidate.v === 1 || candidate.v === 2) &&
    typeof candidate.kid === 'string' &&
    typeof candidate.dek === 'string' &&
    typeof candidate.data === 'string'
  );
}

function seal(plaintext: Buffer, key: Buffer, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url')).join('.');
}

function open(sealed: string, key: Buffer, associatedData: string): Buffer {
  const [iv, tag, ciphertext] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !ciphertext) throw new Error('Malformed encrypted value.');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}
