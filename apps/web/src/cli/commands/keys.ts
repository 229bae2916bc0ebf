import { parseArgs } from 'node:util';
import { type CliIo, CommandError, UsageError } from '../cli-io';
import { formatTable } from '../format-table';
import { withRuntime } from '../open-runtime';
import { describeLimits, LIMIT_FLAG_OPTIONS, LIMIT_FLAGS_USAGE, limitsFromFlags } from './key-limit-flags';

/**
 * Creates a caller key. The key alone goes to stdout (so `KEY=$(pnpm gateway keys:create …)`
 * works); it is shown this once and stored only as a hash.
 */
export async function keysCreate(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      'allowed-model': { type: 'string', multiple: true },
      ...LIMIT_FLAG_OPTIONS,
    },
    strict: true,
  });
  const name = values.name?.trim();
  if (!name) {
    throw new UsageError(
      `Usage: pnpm gateway keys:create --name NAME [--allowed-model ID ...] ${LIMIT_FLAGS_USAGE}`,
    );
  }
  const limits = limitsFromFlags(values);
  if (name.length > 100) throw new UsageError('--name must be at most 100 characters.');
  return withRuntime(io, async (runtime) => {
    const created = await runtime.apiKeys.create({
      name,
      ...(values['allowed-model']?.length ? { allowedModels: values['allowed-model'] } : {}),
      limits,
    });
    io.stderr(`Created caller key "${created.name}" (id ${created.id}). It is shown once; store it now:\n`);
    io.stdout(`${created.key}\n`);
    return 0;
  });
}

export async function keysList(argv: string[], io: CliIo): Promise<number> {
  parseArgs({ args: argv, options: {}, strict: true });
  return withRuntime(io, async (runtime) => {
    const keys = await runtime.apiKeys.list();
    if (keys.length === 0) {
      io.stdout('No caller keys.\n');
      return 0;
    }
    const rows = keys.map((key) => [
      key.id,
      `${key.key_prefix}…`,
      key.name,
      key.created_at,
      key.last_used_at ?? 'never',
      key.revoked_at ? `revoked ${key.revoked_at}` : 'active',
      describeLimits(key.limits),
    ]);
    io.stdout(formatTable(['ID', 'PREFIX', 'NAME', 'CREATED', 'LAST USED', 'STATUS', 'LIMITS'], rows));
    return 0;
  });
}

export async function keysRevoke(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true });
  const [id, ...rest] = positionals;
  if (!id || rest.length > 0)
    throw new UsageError('Usage: pnpm gateway keys:revoke <id>  (ids: pnpm gateway keys:list)');
  return withRuntime(io, async (runtime) => {
    if (!(await runtime.apiKeys.revoke(id))) throw new CommandError(`No active caller key "${id}".`);
    io.stdout(`Revoked caller key ${id}.\n`);
    return 0;
  });
}
