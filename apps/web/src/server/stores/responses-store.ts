import { hkdfSync } from 'node:crypto';
import type { ResponseObject, ResponsesInputItem, ResponsesStore } from '@gateway/ai-gateway';
import {
  type Database,
  deleteExpiredStoredResponses,
  deleteStoredResponse,
  getStoredResponse,
  saveStoredResponse,
} from '@gateway/db';
import type { Logger } from '../logger';

/** `/v1/responses` answers in Postgres (`stored_responses`), owned by the caller key. */
export function createPostgresResponsesStore(database: Database): ResponsesStore {
  return {
    async save(keyId, response, input, expiresAt) {
      await saveStoredResponse(database, {
        id: response.id,
        api_key_id: keyId,
        response: response as unknown as Record<string, unknown>,
        input: [...input],
        expires_at: expiresAt,
      });
    },
    async get(keyId, id) {
      const row = await getStoredResponse(database, keyId, id);
      if (!row) return undefined;
      return {
        response: row.response as unknown as ResponseObject,
        input: row.input as ResponsesInputItem[],
      };
    },
    delete: (keyId, id) => deleteStoredResponse(database, keyId, id),
  };
}

/**
 * The key that seals reasoning items, derived from GATEWAY_ENCRYPTION_KEY with HKDF (RFC 5869) so
 * the master key itself never encrypts caller-visible data.
 */
export function deriveReasoningSealKey(masterKey: Buffer): Uint8Array {
  return new Uint8Array(
    hkdfSync('sha256', masterKey, new Uint8Array(0), 'gateway responses reasoning v1', 32),
  );
}

/** Drops expired responses now and then; unref'd so it never keeps a process alive. */
export function sweepExpiredResponses(database: Database, logger: Logger): () => void {
  const sweep = () =>
    deleteExpiredStoredResponses(database).catch((error: unknown) =>
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'stored responses sweep failed',
      ),
    );
  void sweep();
  const timer = setInterval(sweep, 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
