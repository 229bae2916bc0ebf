import { customLlm2, type Database, type JsonObject } from '@gateway/db';
import { and, eq, sql } from 'drizzle-orm';

/**
 * Replaces one row's stored definition and secrets only if nobody changed them since they were
 * read (compare-and-swap on both jsonb columns), so a background job (start-up migration, key
 * rotation) never overwrites an admin's save that landed in between. `updated_at` is left alone:
 * these rewrites do not change what the definition means. Returns false when the row moved on.
 */
export async function replaceStoredSecretsIfUnchanged(
  database: Database,
  row: { public_id: string; definition: unknown; encrypted_secrets: unknown },
  next: { definition: JsonObject; encryptedSecrets: JsonObject | null },
): Promise<boolean> {
  const unchangedSecrets =
    row.encrypted_secrets === null || row.encrypted_secrets === undefined
      ? sql`${customLlm2.encrypted_secrets} is null`
      : sql`${customLlm2.encrypted_secrets} = ${JSON.stringify(row.encrypted_secrets)}::jsonb`;
  const updated = await database.db
    .update(customLlm2)
    .set({ definition: next.definition, encrypted_secrets: next.encryptedSecrets })
    .where(
      and(
        eq(customLlm2.public_id, row.public_id),
        sql`${customLlm2.definition} = ${JSON.stringify(row.definition)}::jsonb`,
        unchangedSecrets,
      ),
    )
    .returning({ public_id: customLlm2.public_id });
  return updated.length > 0;
}
