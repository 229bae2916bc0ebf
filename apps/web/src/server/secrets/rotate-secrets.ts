import { type Database, getCustomLlm, listCustomLlms } from '@gateway/db';
import type { SecretsCodec } from './secrets-codec';
import { replaceStoredSecretsIfUnchanged } from './stored-secrets-writes';

export type RotationProgress = {
  publicId: string;
  /** `changed-meanwhile`: concurrent saves kept winning; run the rotation again. */
  outcome: 'rewrapped' | 'already-current' | 'no-secrets' | 'deleted' | 'changed-meanwhile' | 'unreadable';
  done: number;
  total: number;
};

export type RotationResult = {
  total: number;
  rewrapped: number;
  alreadyCurrent: number;
  noSecrets: number;
  /** Rows whose key is neither the current nor a previous one (left as they are). */
  unreadable: string[];
};

const MAX_ATTEMPTS_PER_ROW = 5;

/**
 * Re-wraps every stored data key under the codec's current master key (GATEWAY_ENCRYPTION_KEY),
 * leaving payloads untouched. The codec must also know the old keys (GATEWAY_ENCRYPTION_KEY_PREVIOUS).
 * Safe while the gateway serves: each row is a compare-and-swap (a concurrent admin save wins and the
 * row is read again), and instances still on the old key can read both old and new envelopes as long
 * as they list the new key too. Afterwards the old key can be removed from every instance.
 * A row under a key the codec does not know is left alone and listed in `unreadable`.
 */
export async function rotateStoredSecrets(
  database: Database,
  codec: SecretsCodec,
  onProgress: (progress: RotationProgress) => void = () => undefined,
): Promise<RotationResult> {
  const rows = await listCustomLlms(database);
  const result: RotationResult = {
    total: rows.length,
    rewrapped: 0,
    alreadyCurrent: 0,
    noSecrets: 0,
    unreadable: [],
  };
  for (const [index, first] of rows.entries()) {
    let row = first;
    let outcome: RotationProgress['outcome'] = 'changed-meanwhile';
    for (let attempt = 1; attempt <= MAX_ATTEMPTS_PER_ROW; attempt++) {
      if (row.encrypted_secrets === null) {
        outcome = 'no-secrets';
        break;
      }
      let rewrapped: ReturnType<SecretsCodec['rewrap']>;
      try {
        rewrapped = codec.rewrap(row.encrypted_secrets);
      } catch {
        outcome = 'unreadable';
        break;
      }
      if (rewrapped === undefined) {
        outcome = 'already-current';
        break;
      }
      const written = await replaceStoredSecretsIfUnchanged(database, row, {
        definition: row.definition,
        encryptedSecrets: rewrapped,
      });
      if (written) {
        outcome = 'rewrapped';
        break;
      }
      const reread = await getCustomLlm(database, row.public_id);
      if (reread === null) {
        outcome = 'deleted';
        break;
      }
      row = reread;
    }
    if (outcome === 'rewrapped') result.rewrapped++;
    if (outcome === 'already-current') result.alreadyCurrent++;
    if (outcome === 'no-secrets') result.noSecrets++;
    if (outcome === 'unreadable') result.unreadable.push(row.public_id);
    onProgress({ publicId: row.public_id, outcome, done: index + 1, total: rows.length });
  }
  return result;
}
