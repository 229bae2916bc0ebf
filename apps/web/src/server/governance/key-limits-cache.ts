import { type Database, listActiveApiKeys } from '@gateway/db';
import { hasAnyLimit, type KeyLimits, limitsFromRow } from './key-limits';

/** Every active key's limits, in memory (reloaded with the key cache on api_keys notices). */
export class KeyLimitsCache {
  private byKey = new Map<string, KeyLimits>();

  constructor(private readonly database: Database) {}

  get(keyId: string): KeyLimits | undefined {
    return this.byKey.get(keyId);
  }

  async reload(): Promise<void> {
    const byKey = new Map<string, KeyLimits>();
    for (const row of await listActiveApiKeys(this.database)) {
      const limits = limitsFromRow(row);
      if (hasAnyLimit(limits)) byKey.set(row.id, limits);
    }
    this.byKey = byKey;
  }
}
