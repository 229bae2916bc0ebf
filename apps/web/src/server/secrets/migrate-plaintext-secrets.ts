import type { CustomLlmDefinition } from '@gateway/ai-gateway';
import { type Database, listCustomLlms } from '@gateway/db';
import type { Logger } from '../logger';
import { extractSecrets } from './definition-secrets';
import { isEnvelope } from './envelope-encryption';
import type { SecretsCodec } from './secrets-codec';
import { replaceStoredSecretsIfUnchanged } from './stored-secrets-writes';

export type PlaintextMigrationResult = { migrated: string[]; failed: string[] };

/**
 * Start-up step: rows written before secrets were encrypted hold `api_key`, `secret_access_key`,
 * `session_token`, the Bedrock `api_key` or (before issue 17 #8) credential-like `extra_headers` in
 * clear inside `definition`; rows written before issue 17 #5 hold a v1 envelope, not bound to its
 * row. Each such row is rewritten with those fields removed and sealed into a v2
 * `encrypted_secrets` (bound to its public id and destinations) under the current key. A clear value wins over an already-encrypted one for
 * the same field: it was written later, by hand. Idempotent and safe with several instances
 * starting at once (each write is a compare-and-swap).
 */
export async function migratePlaintextSecrets(
  database: Database,
  codec: SecretsCodec,
  logger: Logger,
): Promise<PlaintextMigrationResult> {
  const result: PlaintextMigrationResult = { migrated: [], failed: [] };
  for (const row of await listCustomLlms(database)) {
    const { publicPart, secrets: clearSecrets } = extractSecrets(row.definition as CustomLlmDefinition);
    const unbound = isEnvelope(row.encrypted_secrets) && row.encrypted_secrets.v === 1;
    if (Object.keys(clearSecrets).length === 0 && !unbound) continue;
    try {
      const stored = unbound
        ? codec.decryptUnbound(row.encrypted_secrets)
        : codec.decrypt(row.encrypted_secrets, { publicId: row.public_id, publicPart: row.definition });
      const secrets = { ...stored, ...clearSecrets };
      const written = await replaceStoredSecretsIfUnchanged(database, row, {
        definition: publicPart,
        encryptedSecrets: codec.encrypt(secrets, { publicId: row.public_id, publicPart }),
      });
      // A row that changed meanwhile was saved by the current code, hence already encrypted.
      if (written) result.migrated.push(row.public_id);
    } catch (error) {
      result.failed.push(row.public_id);
      logger.error(
        { publicId: row.public_id, err: (error as Error).message },
        'could not encrypt the clear-text secrets of a stored definition',
      );
    }
  }
  if (result.migrated.length > 0) {
    logger.warn(
      { publicIds: result.migrated },
      're-encrypted secrets stored in clear or unbound to their row by an older version',
    );
  }
  return result;
}
