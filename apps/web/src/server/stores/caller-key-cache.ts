import { createHash, randomBytes } from 'node:crypto';
import type { CallerKey } from '@gateway/ai-gateway';
import { type Database, listActiveApiKeys, touchApiKeysLastUsed } from '@gateway/db';
import type { Logger } from '../logger';
import { createCoalescedReload } from './coalesced-reload';

export const CALLER_KEY_PREFIX = 'sk-gw-';

/** A new caller key: shown once, stored only as its SHA-256 (keys are 192 random bits, no salt needed). */
export function generateCallerKey(): { key: string; hash: string; prefix: string } {
  const key = `${CALLER_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  return { key, hash: hashCallerKey(key), prefix: key.slice(0, CALLER_KEY_PREFIX.length + 4) };
}

export function hashCallerKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Active caller keys by hash, in memory: verifying a key costs a hash and a map lookup. Reloaded on
 * change notices; `last_used_at` is written in batches, off the hot path.
 */
export class CallerKeyCache {
  private byHash = new Map<string, CallerKey>();
  private usedSinceFlush = new Set<string>();

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
  ) {}

  verify(key: string): CallerKey | undefined {
    const caller = this.byHash.get(hashCallerKey(key));
    if (caller) this.usedSinceFlush.add(caller.id);
    return caller;
  }

  /** Reloads everything; see createCoalescedReload for what concurrent calls get. */
  readonly reload = createCoalescedReload(() => this.loadOnce());

  private async loadOnce(): Promise<void> {
    const rows = await listActiveApiKeys(this.database);
    const byHash = new Map<string, CallerKey>();
    for (const row of rows) {
      byHash.set(row.key_hash, {
        id: row.id,
        name: row.name,
        hint: row.key_prefix,
        allowedModels: (row.allowed_models as string[] | null) ?? undefined,
      });
    }
    this.byHash = byHash;
  }

  async flushLastUsed(now: Date): Promise<void> {
    if (this.usedSinceFlush.size === 0) return;
    const ids = [...this.usedSinceFlush];
    this.usedSinceFlush.clear();
    try {
      await touchApiKeysLastUsed(this.database, ids, now);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'could not record key last-used times');
    }
  }
}
