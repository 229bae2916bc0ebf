import { randomUUID } from 'node:crypto';
import { type Database, insertApiKey, listApiKeys, revokeApiKey } from '@gateway/db';
import { generateCallerKey } from '../stores/caller-key-cache';

export type CreateApiKeyInput = { name: string; allowedModels?: string[]; monthlyTokenBudget?: number };

export type ApiKeySummary = {
  id: string;
  name: string;
  key_prefix: string;
  allowed_models: string[] | null;
  monthly_token_budget: number | null;
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
      monthly_token_budget: input.monthlyTokenBudget ?? null,
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
      monthly_token_budget: row.monthly_token_budget ?? null,
      created_at: row.created_at.toISOString(),
      last_used_at: row.last_used_at?.toISOString() ?? null,
      revoked_at: row.revoked_at?.toISOString() ?? null,
    }));
  }

  async revoke(id: string): Promise<boolean> {
    const revoked = await revokeApiKey(this.database, id);
    if (revoked) await this.onChange();
    return revoked;
  }
}
