import type { ResponsesInputItem } from './parse-responses-request';
import type { ResponseObject } from './responses-types';

/** A stored response and the whole input it answered (history included), for `previous_response_id`. */
export type StoredResponse = { response: ResponseObject; input: ResponsesInputItem[] };

/**
 * Where `store: true` responses live (Postgres in the app). Every method is scoped to the caller
 * key: a key never reads, lists or deletes another key's responses.
 */
export type ResponsesStore = {
  save(
    keyId: string,
    response: ResponseObject,
    input: readonly ResponsesInputItem[],
    expiresAt: Date,
  ): Promise<void>;
  /** The key's own response, undefined when missing, another key's or expired. */
  get(keyId: string, id: string): Promise<StoredResponse | undefined>;
  /** True when the key's response existed and was deleted. */
  delete(keyId: string, id: string): Promise<boolean>;
};

/** An in-process store, for tests and single-process embeddings without a database. */
export function createMemoryResponsesStore(now: () => Date = () => new Date()): ResponsesStore {
  const rows = new Map<string, StoredResponse & { keyId: string; expiresAt: Date }>();
  return {
    async save(keyId, response, input, expiresAt) {
      rows.set(response.id, {
        keyId,
        response: structuredClone(response),
        input: structuredClone([...input]),
        expiresAt,
      });
    },
    async get(keyId, id) {
      const row = rows.get(id);
      if (!row || row.keyId !== keyId || row.expiresAt <= now()) return undefined;
      return { response: structuredClone(row.response), input: structuredClone(row.input) };
    },
    async delete(keyId, id) {
      const row = rows.get(id);
      if (!row || row.keyId !== keyId) return false;
      rows.delete(id);
      return row.expiresAt > now();
    },
  };
}
