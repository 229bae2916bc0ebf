import type { DefinitionSecrets } from './definition-secrets';
import {
  type Envelope,
  isEnvelope,
  type MasterKey,
  openEnvelope,
  rewrapEnvelope,
  sealEnvelope,
} from './envelope-encryption';

/** Encrypts a definition's secrets under the current master key; decrypts under current or previous. */
export type SecretsCodec = {
  currentKeyId: string;
  encrypt(secrets: DefinitionSecrets): Envelope | null;
  decrypt(stored: unknown): DefinitionSecrets;
  /** The same secrets re-wrapped under the current key, or undefined when already current. */
  rewrap(stored: unknown): Envelope | undefined;
};

export function createSecretsCodec(current: MasterKey, previous: readonly MasterKey[] = []): SecretsCodec {
  const all = [current, ...previous];
  return {
    currentKeyId: current.id,
    encrypt: (secrets) =>
      Object.keys(secrets).length === 0 ? null : sealEnvelope(JSON.stringify(secrets), current),
    decrypt: (stored) => {
      if (stored === null || stored === undefined) return {};
      if (!isEnvelope(stored)) throw new Error('Stored secrets are not an encryption envelope.');
      return JSON.parse(openEnvelope(stored, all)) as DefinitionSecrets;
    },
    rewrap: (stored) => {
      if (!isEnvelope(stored) || stored.kid === current.id) return undefined;
      return rewrapEnvelope(stored, all, current);
    },
  };
}
