import {
  type CustomLlmDefinition,
  CustomLlmDefinitionSchema,
  type DefinitionIssue,
  validateDefinition,
} from '@gateway/ai-gateway';
import { inferenceProfileWarning } from '@gateway/ai-gateway/definition';
import { type Database, deleteCustomLlm, getCustomLlm, listCustomLlms, upsertCustomLlm } from '@gateway/db';
import {
  extractSecrets,
  mergeSecrets,
  redactDefinition,
  restoreMaskedSecrets,
} from '../secrets/definition-secrets';
import type { SecretsCodec } from '../secrets/secrets-codec';
import { fallbackIssues } from './fallback-rules';
import { publicIdProblem } from './public-id-rule';

export type StoredCustomLlm = { public_id: string; definition: CustomLlmDefinition; updated_at: string };

export type PutResult =
  | { ok: true; created: boolean; customLlm: StoredCustomLlm; warnings: string[] }
  | { ok: false; issues: DefinitionIssue[] };

export function publicIdIssue(publicId: string): DefinitionIssue | undefined {
  const problem = publicIdProblem(publicId);
  return problem === undefined ? undefined : { path: 'public_id', message: problem };
}

/**
 * Custom LLM definitions as the admin API and the CLI see them: validated by the one schema,
 * secrets encrypted at rest and redacted on the way out, a redacted secret sent back unchanged
 * keeping the stored one.
 */
export class CustomLlmService {
  constructor(
    private readonly database: Database,
    private readonly codec: SecretsCodec,
    private readonly onChange: () => Promise<void>,
  ) {}

  async list(): Promise<StoredCustomLlm[]> {
    const rows = await listCustomLlms(this.database);
    return rows.map((row) => this.present(row));
  }

  async get(publicId: string): Promise<StoredCustomLlm | undefined> {
    const row = await getCustomLlm(this.database, publicId);
    return row ? this.present(row) : undefined;
  }

  async put(publicId: string, input: unknown): Promise<PutResult> {
    const idIssue = publicIdIssue(publicId);
    if (idIssue) return { ok: false, issues: [idIssue] };
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return { ok: false, issues: [{ path: '(root)', message: 'the definition must be a JSON object' }] };
    }
    const existing = await getCustomLlm(this.database, publicId);
    const stored = existing ? this.decrypt(existing) : undefined;
    const { definition: restored, unresolved } = restoreMaskedSecrets(
      input as Record<string, unknown>,
      stored,
    );
    const validation = validateDefinition(restored);
    const maskIssues = unresolved.map(({ path, reason }) => ({
      path,
      message:
        reason === 'destination-changed'
          ? 'is a redacted placeholder, but where this secret is sent changed (upstream host, provider, region or target); enter the secret again'
          : 'is a redacted placeholder with no stored secret behind it; enter the real value',
    }));
    if (!validation.success) return { ok: false, issues: [...validation.issues, ...maskIssues] };
    const urlIssues = userinfoIssues(validation.definition as Record<string, unknown>);
    if (maskIssues.length > 0 || urlIssues.length > 0)
      return { ok: false, issues: [...maskIssues, ...urlIssues] };
    if (validation.definition.fallbacks !== undefined) {
      const issues = fallbackIssues(publicId, validation.definition, await listCustomLlms(this.database));
      if (issues.length > 0) return { ok: false, issues };
    }

    const { publicPart, secrets } = extractSecrets(validation.definition);
    const { created, row } = await upsertCustomLlm(this.database, {
      publicId,
      definition: publicPart,
      encryptedSecrets: this.codec.encrypt(secrets, { publicId, publicPart }),
    });
    await this.onChange();
    return {
      ok: true,
      created,
      customLlm: this.present(row),
      warnings: definitionWarnings(validation.definition),
    };
  }

  async delete(publicId: string): Promise<boolean> {
    const deleted = await deleteCustomLlm(this.database, publicId);
    if (deleted) await this.onChange();
    return deleted;
  }

  /** The full definition with secrets, for server-side use only (connection tests). */
  async getWithSecrets(publicId: string): Promise<CustomLlmDefinition | undefined> {
    const row = await getCustomLlm(this.database, publicId);
    return row ? this.decrypt(row) : undefined;
  }

  private decrypt(row: {
    public_id: string;
    definition: unknown;
    encrypted_secrets: unknown;
  }): CustomLlmDefinition {
    const publicPart = row.definition as Record<string, unknown>;
    const merged = mergeSecrets(
      publicPart as CustomLlmDefinition,
      this.codec.decrypt(row.encrypted_secrets, { publicId: row.public_id, publicPart }),
    );
    const parsed = CustomLlmDefinitionSchema.safeParse(merged);
    return parsed.success ? parsed.data : merged;
  }

  private present(row: {
    public_id: string;
    definition: unknown;
    encrypted_secrets: unknown;
    updated_at: Date;
  }): StoredCustomLlm {
    return {
      public_id: row.public_id,
      definition: redactDefinition(this.decrypt(row)),
      updated_at: row.updated_at.toISOString(),
    };
  }
}

/**
 * URLs with a user name or password are refused (issue 17 #8): the credentials would be stored in
 * clear, shown by every admin read and sent to the upstream. A key belongs in `api_key`.
 */
function userinfoIssues(definition: Record<string, unknown>): DefinitionIssue[] {
  const scopes: [string, unknown][] = [['base_url', definition.base_url]];
  if (Array.isArray(definition.targets)) {
    definition.targets.forEach((target, index) => {
      scopes.push([`targets.${index}.base_url`, (target as Record<string, unknown> | null)?.base_url]);
    });
  }
  const issues: DefinitionIssue[] = [];
  for (const [path, value] of scopes) {
    if (typeof value !== 'string') continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      continue;
    }
    if (url.username !== '' || url.password !== '') {
      issues.push({ path, message: 'must not contain a user name or password; put the key in api_key' });
    }
  }
  return issues;
}

/** Advice that does not block a save: e.g. a Bedrock model id that needs an inference profile. */
export function definitionWarnings(definition: CustomLlmDefinition): string[] {
  if (!definition.aws_bedrock) return [];
  const warning = inferenceProfileWarning(definition.internal_id, definition.aws_bedrock.region);
  return warning ? [warning] : [];
}
