import { type CustomLlmDefinition, CustomLlmDefinitionSchema, type ResolvedModel } from '@gateway/ai-gateway';
import { type Database, listCustomLlms } from '@gateway/db';
import type { Logger } from '../logger';
import { mergeSecrets } from '../secrets/definition-secrets';
import type { SecretsCodec } from '../secrets/secrets-codec';
import { createCoalescedReload } from './coalesced-reload';

/**
 * Every definition, secrets decrypted, held in memory: the hot path never touches the database.
 * Reloaded whole on any change notice (definitions are few; a whole reload keeps the alias index
 * consistent). If the database is down, the last good copy keeps serving.
 */
export class DefinitionCache {
  private byName = new Map<string, ResolvedModel>();
  private all: ResolvedModel[] = [];

  constructor(
    private readonly database: Database,
    private readonly codec: SecretsCodec,
    private readonly logger: Logger,
  ) {}

  resolve(model: string): ResolvedModel | undefined {
    return this.byName.get(model);
  }

  list(): readonly ResolvedModel[] {
    return this.all;
  }

  /** Reloads everything; see createCoalescedReload for what concurrent calls get. */
  readonly reload = createCoalescedReload(() => this.loadOnce());

  private async loadOnce(): Promise<void> {
    let rows: Awaited<ReturnType<typeof listCustomLlms>>;
    try {
      rows = await listCustomLlms(this.database);
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        'definition reload failed; serving the cached copy',
      );
      throw error;
    }
    const all: ResolvedModel[] = [];
    for (const row of rows) {
      const definition = this.decode(row.public_id, row.definition, row.encrypted_secrets);
      if (definition) all.push({ publicId: row.public_id, definition });
    }
    const byName = new Map<string, ResolvedModel>();
    for (const model of all) byName.set(model.publicId, model);
    for (const model of all) {
      for (const alias of model.definition.aliases ?? []) if (!byName.has(alias)) byName.set(alias, model);
    }
    this.all = all;
    this.byName = byName;
  }

  private decode(
    publicId: string,
    stored: unknown,
    encryptedSecrets: unknown,
  ): CustomLlmDefinition | undefined {
    try {
      const merged = mergeSecrets(
        stored as CustomLlmDefinition,
        this.codec.decrypt(encryptedSecrets, { publicId, publicPart: stored as Record<string, unknown> }),
      );
      const parsed = CustomLlmDefinitionSchema.safeParse(merged);
      if (parsed.success) return parsed.data;
      this.logger.error({ publicId }, 'stored definition no longer validates; it is not served');
    } catch (error) {
      this.logger.error({ publicId, err: (error as Error).message }, 'stored secrets could not be decrypted');
    }
    return undefined;
  }
}
