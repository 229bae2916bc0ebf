import { parseArgs } from 'node:util';
import { type KeyLimits, KeyLimitsSchema } from '../../server/governance/key-limits';
import { type CliIo, CommandError, UsageError } from '../cli-io';
import { withRuntime } from '../open-runtime';

/** `--rpm N --tpm N --max-concurrent N --monthly-tokens N --monthly-usd X --daily-usd X` */
export const LIMIT_FLAG_OPTIONS = {
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  'max-concurrent': { type: 'string' },
  'monthly-tokens': { type: 'string' },
  'monthly-usd': { type: 'string' },
  'daily-usd': { type: 'string' },
} as const;

const FIELD_OF_FLAG: Record<keyof typeof LIMIT_FLAG_OPTIONS, keyof KeyLimits> = {
  rpm: 'rpm',
  tpm: 'tpm',
  'max-concurrent': 'max_concurrent',
  'monthly-tokens': 'monthly_tokens',
  'monthly-usd': 'monthly_usd',
  'daily-usd': 'daily_usd',
};

export const LIMIT_FLAGS_USAGE =
  '[--rpm N] [--tpm N] [--max-concurrent N] [--monthly-tokens N] [--monthly-usd X] [--daily-usd X]';

/** The limit flags as `limits`; a bad value is a usage error naming its flag. */
export function limitsFromFlags(
  values: Partial<Record<keyof typeof LIMIT_FLAG_OPTIONS, string | undefined>>,
): KeyLimits {
  const limits: Record<string, number> = {};
  for (const [flag, field] of Object.entries(FIELD_OF_FLAG) as [
    keyof typeof LIMIT_FLAG_OPTIONS,
    keyof KeyLimits,
  ][]) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value))
      throw new UsageError(`--${flag} must be a number (got "${raw}").`);
    limits[field] = value;
  }
  const parsed = KeyLimitsSchema.safeParse(limits);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    const flag = Object.entries(FIELD_OF_FLAG).find(([, name]) => name === field)?.[0] ?? field;
    throw new UsageError(`--${flag} ${issue?.message ?? 'is invalid'}.`);
  }
  return parsed.data;
}

/** `keys:limits <id> [flags] | --clear`: replaces the key's limits (flags not given are removed). */
export async function keysLimits(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...LIMIT_FLAG_OPTIONS, clear: { type: 'boolean' } },
    strict: true,
    allowPositionals: true,
  });
  const [id, ...rest] = positionals;
  const { clear, ...flags } = values;
  const limits = limitsFromFlags(flags);
  if (!id || rest.length > 0 || (Object.keys(limits).length === 0 && !clear)) {
    throw new UsageError(`Usage: pnpm gateway keys:limits <id> ${LIMIT_FLAGS_USAGE} | --clear`);
  }
  return withRuntime(io, async (runtime) => {
    if (!(await runtime.apiKeys.setLimits(id, clear ? {} : limits)))
      throw new CommandError(`No caller key "${id}".`);
    io.stdout(`Limits of ${id}: ${describeLimits(clear ? {} : limits)}\n`);
    return 0;
  });
}

export function describeLimits(limits: KeyLimits): string {
  const parts = Object.entries(limits).map(([name, value]) => `${name}=${value}`);
  return parts.length ? parts.join(' ') : 'none';
}
