import { randomUUID } from 'node:crypto';
import { type Database, insertApiKey, listApiKeys, revokeApiKey, updateApiKeyLimits } from '@gateway/db';
import { type KeyLimits, limitsFromRow } from '../governance/key-limits';
import { generateCallerKey } from '../stores/caller-key-cache';

export type CreateApiKeyInput = { name: string; allowedModels?: string[]; limits?: KeyLimits };

export type ApiKeySummary = {
  id: string;
  name: string;
  key_prefix: string;
  allowed_models: string[] | null;
  /** Per-key limits (the old monthly_token_budget reads as limits.monthly_tokens). */
  limits: KeyLimits;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

/** Caller keys: created (the key itself returned once), listed by prefix, revoked. */
export class ApiKeyService {
  constructor(
    private readonly database: Database,
    private readonly onChange: () => Promise<void>,
  ) {}

  async create(input: CreateApiKeyInput): Promise<{ id: string; name: string; key: string }> {
    const { key, hash, prefix } = generateCallerKey();
    const id = randomUUID();
    await insertApiKey(this.database, {
      id,
      name: input.name,
      key_hash: hash,
      key_prefix: prefix,
      allowed_models: input.allowedModels ?? null,
      limits: input.limits && Object.keys(input.limits).length > 0 ? input.limits : null,
    });
    await this.onChange();
    return { id, name: input.name, key };
  }

  async list(): Promise<ApiKeySummary[]> {
    const rows = await listApiKeys(this.database);
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      key_prefix: row.key_prefix,
      allowed_models: (row.allowed_models as string[] | null) ?? null,
      limits: limitsFromRow(row),
      created_at: row.created_at.toISOString(),
      last_used_at: row.last_used_at?.toISOString() ?? null,
      revoked_at: row.revoked_at?.toISOString() ?? null,
    }));
  }

  /** Replaces the key's limits (an empty object removes them). False when there is no such key. */
  async setLimits(id: string, limits: KeyLimits): Promise<boolean> {
    const updated = await updateApiKeyLimits(
      this.database,
      id,
      Object.keys(limits).length > 0 ? limits : null,
    );
    if (updated) await this.onChange();
    return updated;
  }

  async revoke(id: string): Promise<boolean> {
    const revoked = await revokeApiKey(this.database, id);
    if (revoked) await this.onChange();
    return revoked;
  }
}
