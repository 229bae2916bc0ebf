import { and, desc, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Database } from '../database';
import {
  type AdminSessionRow,
  type AdminTokenRow,
  type AuditLogRow,
  adminSessions,
  adminTokens,
  auditLog,
  type JsonObject,
} from '../schema';

export type AuditEntryInput = { actor: string; action: string; subject: string; diff?: JsonObject | null };

export async function insertAuditEntry(database: Database, entry: AuditEntryInput): Promise<void> {
  await database.db.insert(auditLog).values({ ...entry, diff: entry.diff ?? null });
}

/** Newest first; `beforeId` is the cursor (ids only grow, so paging is stable under inserts). */
export async function listAuditEntries(
  database: Database,
  options: { beforeId?: number; limit: number },
): Promise<AuditLogRow[]> {
  return database.db
    .select()
    .from(auditLog)
    .where(options.beforeId === undefined ? undefined : lt(auditLog.id, options.beforeId))
    .orderBy(desc(auditLog.id))
    .limit(options.limit);
}

export async function insertAdminToken(
  database: Database,
  input: { id: string; name: string; token_hash: string; token_prefix: string },
): Promise<AdminTokenRow> {
  const [row] = await database.db.insert(adminTokens).values(input).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function listAdminTokens(database: Database): Promise<AdminTokenRow[]> {
  return database.db.select().from(adminTokens).orderBy(adminTokens.created_at, adminTokens.id);
}

export async function findActiveAdminTokenByHash(
  database: Database,
  tokenHash: string,
): Promise<AdminTokenRow | undefined> {
  const [row] = await database.db
    .select()
    .from(adminTokens)
    .where(and(eq(adminTokens.token_hash, tokenHash), isNull(adminTokens.revoked_at)));
  return row;
}

export async function touchAdminToken(database: Database, id: string, at: Date): Promise<void> {
  await database.db.update(adminTokens).set({ last_used_at: at }).where(eq(adminTokens.id, id));
}

/** Revokes the token and ends every console session it opened, in one transaction. */
export async function revokeAdminToken(database: Database, id: string, at: Date): Promise<boolean> {
  return database.db.transaction(async (transaction) => {
    const revoked = await transaction
      .update(adminTokens)
      .set({ revoked_at: at })
      .where(and(eq(adminTokens.id, id), isNull(adminTokens.revoked_at)))
      .returning({ id: adminTokens.id });
    await transaction.delete(adminSessions).where(eq(adminSessions.actor, id));
    return revoked.length > 0;
  });
}

export async function insertAdminSession(
  database: Database,
  input: { id_hash: string; actor: string; token_fingerprint: string | null; expires_at: Date },
): Promise<void> {
  await database.db.insert(adminSessions).values(input);
}

/** A session that has not expired, or undefined. */
export async function findAdminSession(
  database: Database,
  idHash: string,
  now: Date,
): Promise<AdminSessionRow | undefined> {
  const [row] = await database.db
    .select()
    .from(adminSessions)
    .where(and(eq(adminSessions.id_hash, idHash), gt(adminSessions.expires_at, now)));
  return row;
}

export async function deleteAdminSession(database: Database, idHash: string): Promise<void> {
  await database.db.delete(adminSessions).where(eq(adminSessions.id_hash, idHash));
}

export async function deleteExpiredAdminSessions(database: Database, now: Date): Promise<void> {
  await database.db.delete(adminSessions).where(lt(adminSessions.expires_at, now));
}
