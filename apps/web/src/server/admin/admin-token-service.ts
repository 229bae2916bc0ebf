import { randomBytes, randomUUID } from 'node:crypto';
import { type Database, insertAdminToken, listAdminTokens, revokeAdminToken } from '@gateway/db';
import { BOOTSTRAP_ACTOR, hashAdminToken } from './admin-auth';

export type AdminTokenSummary = {
  id: string;
  name: string;
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

/**
 * Named admin tokens (issue 16 item 4): each admin or script gets its own, so the audit log says
 * who. The token is returned once and stored as a SHA-256 hash (it is 256 random bits: a slow hash
 * would add nothing). Revoking one also ends the console sessions it opened.
 */
export function createAdminTokenService(database: Database) {
  return {
    async create(name: string): Promise<{ id: string; name: string; token: string }> {
      if (name === BOOTSTRAP_ACTOR) throw new Error(`"${BOOTSTRAP_ACTOR}" is reserved`);
      const token = `gw-adm-${randomBytes(32).toString('base64url')}`;
      const id = randomUUID();
      await insertAdminToken(database, {
        id,
        name,
        token_hash: hashAdminToken(token),
        token_prefix: token.slice(0, 11),
      });
      return { id, name, token };
    },

    async list(): Promise<AdminTokenSummary[]> {
      return (await listAdminTokens(database)).map((row) => ({
        id: row.id,
        name: row.name,
        token_prefix: row.token_prefix,
        created_at: row.created_at.toISOString(),
        last_used_at: row.last_used_at?.toISOString() ?? null,
        revoked_at: row.revoked_at?.toISOString() ?? null,
      }));
    },

    /** The revoked token's name, or undefined when there was no active token with that id. */
    async revoke(id: string): Promise<string | undefined> {
      const row = (await listAdminTokens(database)).find((candidate) => candidate.id === id);
      if (!row || row.revoked_at !== null) return undefined;
      return (await revokeAdminToken(database, id, new Date())) ? row.name : undefined;
    },
  };
}

export type AdminTokenService = ReturnType<typeof createAdminTokenService>;
