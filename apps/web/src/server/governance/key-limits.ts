import { z } from 'zod';

const count = (what: string) =>
  z
    .number()
    .int(`must be a whole number of ${what}`)
    .positive('must be greater than 0')
    .max(Number.MAX_SAFE_INTEGER);
const dollars = z.number().positive('must be greater than 0').max(1e9, 'must be at most 1e9 dollars');

/** Per-key limits (DESIGN.md `limits`); each optional, absent = unlimited. */
export const KeyLimitsSchema = z.strictObject({
  rpm: count('requests').optional(),
  tpm: count('tokens').optional(),
  max_concurrent: count('requests').optional(),
  monthly_tokens: count('tokens').optional(),
  monthly_usd: dollars.optional(),
  daily_usd: dollars.optional(),
});
export type KeyLimits = z.infer<typeof KeyLimitsSchema>;

/**
 * A key's stored limits: the `limits` column, with the pre-governance `monthly_token_budget`
 * read as `monthly_tokens` when `limits` does not set it. A stored value that no longer parses
 * counts as no limit for that field rather than locking the key out.
 */
export function limitsFromRow(row: { limits: unknown; monthly_token_budget: number | null }): KeyLimits {
  const parsed = KeyLimitsSchema.partial().safeParse(row.limits ?? {});
  const limits: KeyLimits = parsed.success ? parsed.data : {};
  if (limits.monthly_tokens === undefined && row.monthly_token_budget !== null) {
    return { ...limits, monthly_tokens: row.monthly_token_budget };
  }
  return limits;
}

export function hasAnyLimit(limits: KeyLimits): boolean {
  return Object.values(limits).some((value) => value !== undefined);
}
