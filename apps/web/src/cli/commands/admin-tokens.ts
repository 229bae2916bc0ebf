import { parseArgs } from 'node:util';
import { createAdminTokenService } from '../../server/admin/admin-token-service';
import { createAuditLog } from '../../server/admin/audit-log';
import { type CliIo, CommandError, UsageError } from '../cli-io';
import { formatTable } from '../format-table';
import { withRuntime } from '../open-runtime';

/**
 * Creates a named admin token. Like keys:create, the token alone goes to stdout (so
 * `TOKEN=$(pnpm gateway admin-tokens:create …)` works) because it was asked for; it is shown this
 * once and stored only as a hash. The audit log records the CLI as the actor.
 */
export async function adminTokensCreate(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { name: { type: 'string' } }, strict: true });
  const name = values.name?.trim();
  if (!name) throw new UsageError('Usage: pnpm gateway admin-tokens:create --name NAME');
  if (name.length > 100 || name === 'bootstrap') {
    throw new UsageError('--name must be at most 100 characters and not "bootstrap".');
  }
  return withRuntime(io, async (runtime) => {
    const created = await createAdminTokenService(runtime.database).create(name);
    await createAuditLog(runtime.database, runtime.logger).record({
      actor: 'cli',
      action: 'admin_token.created',
      subject: created.id,
      diff: { name },
    });
    io.stderr(`Created admin token "${name}" (id ${created.id}). It is shown once; store it now:\n`);
    io.stdout(`${created.token}\n`);
    return 0;
  });
}

export async function adminTokensList(argv: string[], io: CliIo): Promise<number> {
  parseArgs({ args: argv, options: {}, strict: true });
  return withRuntime(io, async (runtime) => {
    const tokens = await createAdminTokenService(runtime.database).list();
    if (tokens.length === 0) {
      io.stdout('No named admin tokens.\n');
      return 0;
    }
    const rows = tokens.map((token) => [
      token.id,
      `${token.token_prefix}…`,
      token.name,
      token.created_at,
      token.last_used_at ?? 'never',
      token.revoked_at ? `revoked ${token.revoked_at}` : 'active',
    ]);
    io.stdout(formatTable(['ID', 'PREFIX', 'NAME', 'CREATED', 'LAST USED', 'STATUS'], rows));
    return 0;
  });
}

export async function adminTokensRevoke(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true });
  const [id, ...rest] = positionals;
  if (!id || rest.length > 0) throw new UsageError('Usage: pnpm gateway admin-tokens:revoke <id>');
  return withRuntime(io, async (runtime) => {
    const name = await createAdminTokenService(runtime.database).revoke(id);
    if (name === undefined) throw new CommandError(`No active admin token "${id}".`);
    await createAuditLog(runtime.database, runtime.logger).record({
      actor: 'cli',
      action: 'admin_token.revoked',
      subject: id,
      diff: { name },
    });
    io.stdout(`Revoked admin token ${id} ("${name}"); its console sessions ended.\n`);
    return 0;
  });
}
