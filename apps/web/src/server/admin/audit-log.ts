import type { CustomLlmDefinition } from '@gateway/ai-gateway';
import { type Database, insertAuditEntry, type JsonObject, listAuditEntries } from '@gateway/db';
import type { Logger } from '../logger';
import { redactDefinition } from '../secrets/definition-secrets';

export type AuditAction =
  | 'custom_llm.created'
  | 'custom_llm.updated'
  | 'custom_llm.deleted'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'api_key.limits_changed'
  | 'admin_token.created'
  | 'admin_token.revoked'
  | 'secrets.rotated'
  | 'admin.login'
  | 'admin.logout';

export type AuditEntry = { actor: string; action: AuditAction; subject: string; diff?: JsonObject | null };
export type AuditView = {
  time: string;
  actor: string;
  action: string;
  subject: string;
  diff: JsonObject | null;
};

const PAGE_SIZE = 50;

/**
 * Who changed what (issue 16 item 4): one row per admin change. Written after the change
 * succeeded; a failed audit write is logged, never turned into a failed admin call (the change
 * already happened). Every diff passes through `redactDefinition`, so no secret is stored here.
 */
export function createAuditLog(database: Database, logger: Logger) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      try {
        await insertAuditEntry(database, entry);
      } catch (error) {
        logger.error(
          { action: entry.action, err: (error as Error).message },
          'audit entry could not be written',
        );
      }
    },

    /** Newest first; `cursor` is the opaque `next_cursor` of the previous page. */
    async page(cursor: string | undefined): Promise<{ data: AuditView[]; next_cursor: string | null }> {
      const beforeId = cursor !== undefined && /^\d{1,15}$/.test(cursor) ? Number(cursor) : undefined;
      const rows = await listAuditEntries(database, {
        ...(beforeId ? { beforeId } : {}),
        limit: PAGE_SIZE + 1,
      });
      const page = rows.slice(0, PAGE_SIZE);
      return {
        data: page.map((row) => ({
          time: row.time.toISOString(),
          actor: row.actor,
          action: row.action,
          subject: row.subject,
          diff: row.diff ?? null,
        })),
        next_cursor: rows.length > PAGE_SIZE ? String(page.at(-1)?.id) : null,
      };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;

/**
 * The fields that changed between two definitions, `{field: {from, to}}`, each side fully masked
 * (a secret shows as `••••`, not even its last characters). A field whose only change is a new
 * secret value says so with `secret_changed: true`.
 */
export function definitionDiff(
  before: CustomLlmDefinition | undefined,
  after: CustomLlmDefinition | undefined,
): JsonObject {
  // Compared as given (the admin reads' `••••abcd` masks tell a new secret from the old one).
  const compareFrom = (before ?? {}) as JsonObject;
  const compareTo = (after ?? {}) as JsonObject;
  const from = (before ? fullyMasked(before) : {}) as JsonObject;
  const to = (after ? fullyMasked(after) : {}) as JsonObject;
  const diff: JsonObject = {};
  for (const key of new Set([...Object.keys(compareFrom), ...Object.keys(compareTo)])) {
    if (JSON.stringify(compareFrom[key]) === JSON.stringify(compareTo[key])) continue;
    const shownSame = JSON.stringify(from[key]) === JSON.stringify(to[key]);
    diff[key] = {
      from: from[key] ?? null,
      to: to[key] ?? null,
      ...(shownSame ? { secret_changed: true } : {}),
    };
  }
  return diff;
}

/** Masked twice: the second pass turns `••••abcd` into `••••`, so not even a suffix is kept. */
const fullyMasked = (definition: CustomLlmDefinition) => redactDefinition(redactDefinition(definition));
