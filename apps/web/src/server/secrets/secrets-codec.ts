import type { DefinitionSecrets } from './definition-secrets';
import {
  type Envelope,
  isEnvelope,
  type MasterKey,
  openEnvelope,
  rewrapEnvelope,
  sealEnvelope,
} from './envelope-encryption';
import { definitionDestinations } from './secret-destination';

/**
 * What a row's secrets are bound to: its public id and the destinations of its clear part
 * (upstream origins, provider kinds, Bedrock regions, target names). The binding is the payload's
 * associated data (issue 17 #5): secrets copied to another row, or a row whose `base_url` was
 * edited in the database, fail to decrypt before any secret is used. Field names are inside the
 * authenticated payload, so one field cannot be moved to another either.
 */
export type SecretsBinding = { publicId: string; publicPart: Record<string, unknown> };

export function associatedDataOf(binding: SecretsBinding): string {
  return `custom_llm2\u0000${binding.publicId}\u0000${definitionDestinations(binding.publicPart)}`;
}

/** Encrypts a definition's secrets under the current master key; decrypts under current or previous. */
export type SecretsCodec = {
  currentKeyId: string;
  encrypt(secrets: DefinitionSecrets, binding: SecretsBinding): Envelope | null;
  /** Throws when the envelope is not bound to `binding` (moved, or destinations edited) or is v1. */
  decrypt(stored: unknown, binding: SecretsBinding): DefinitionSecrets;
  /** Opens a v1 envelope (sealed before rows were bound); only the start-up migration uses it. */
  decryptUnbound(stored: unknown): DefinitionSecrets;
  /** The same secrets re-wrapped under the current key, or undefined when already current. */
  rewrap(stored: unknown): Envelope | undefined;
};

export function createSecretsCodec(current: MasterKey, previous: readonly MasterKey[] = []): SecretsCodec {
  const all = [current, ...previous];
  const envelopeOf = (stored: unknown): Envelope | undefined => {
    if (stored === null || stored === undefined) return undefined;
    if (!isEnvelope(stored)) throw new Error('Stored secrets are not an encryption envelope.');
    return stored;
  };
  return {
    currentKeyId: current.id,
    encrypt: (secrets, binding) =>
      Object.keys(secrets).length === 0
        ? null
        : sealEnvelope(JSON.stringify(secrets), current, associatedDataOf(binding)),
    decrypt: (stored, binding) => {
      const envelope = envelopeOf(stored);
      if (envelope === undefined) return {};
      if (envelope.v === 1) {
        throw new Error('Stored secrets predate row binding; the start-up migration rewrites them.');
      }
      try {
        return JSON.parse(openEnvelope(envelope, all, associatedDataOf(binding))) as DefinitionSecrets;
      } catch (error) {
        if ((error as Error).message.includes('GATEWAY_ENCRYPTION_KEY_PREVIOUS')) throw error;
        throw new Error(
          'Stored secrets do not belong to this row or its upstream changed outside the admin API; enter them again.',
        );
      }
    },
    decryptUnbound: (stored) => {
      const envelope = envelopeOf(stored);
      if (envelope === undefined) return {};
      return JSON.parse(openEnvelope(envelope, all)) as DefinitionSecrets;
    },
    rewrap: (stored) => {
      if (!isEnvelope(stored) || stored.kid === current.id) return undefined;
      return rewrapEnvelope(stored, all, current);
    },
  };
}
