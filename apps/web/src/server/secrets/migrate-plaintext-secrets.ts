import type { CustomLlmDefinition } from '@gateway/ai-gateway';
import { type Database, listCustomLlms } from '@gateway/db';
import type { Logger } from '../logger';
import { extractSecrets } from './definition-secrets';
import type { SecretsCodec } from './secrets-codec';
import { replaceStoredSecretsIfUnchanged } from './stored-secrets-writes';

export type PlaintextMigrationResult = { migrated: string[]; failed: string[] };

/**
 * Start-up step: rows written before secrets were encrypted hold `api_key`, `secret_access_key`,
 * `session_token` or the Bedrock `api_key` in clear inside `definition` (and usually a null
 * `encrypted_secrets`). Each such row is rewritten with those fields removed and sealed into
 * `encrypted_secrets` under the current key. A clear value wins over an already-encrypted one for
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
    if (Object.keys(clearSecrets).length === 0) continue;
    try {
      const secrets = { ...codec.decrypt(row.encrypted_secrets), ...clearSecrets };
      const written = await replaceStoredSecretsIfUnchanged(database, row, {
        definition: publicPart,
        encryptedSecrets: codec.encrypt(secrets),
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
      'encrypted secrets that were stored in clear by an older version',
    );
  }
  return result;
}
