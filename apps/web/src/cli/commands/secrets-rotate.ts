import { parseArgs } from 'node:util';
import { createAuditLog } from '../../server/admin/audit-log';
import { masterKeyFromBase64 } from '../../server/secrets/envelope-encryption';
import { type RotationProgress, rotateStoredSecrets } from '../../server/secrets/rotate-secrets';
import { createSecretsCodec } from '../../server/secrets/secrets-codec';
import { type CliIo, UsageError } from '../cli-io';
import { withRuntime } from '../open-runtime';

function keysFrom(io: CliIo) {
  const current = io.env.GATEWAY_ENCRYPTION_KEY?.trim();
  if (!current) throw new UsageError('Set GATEWAY_ENCRYPTION_KEY to the new key (openssl rand -base64 32).');
  const previous = (io.env.GATEWAY_ENCRYPTION_KEY_PREVIOUS ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  try {
    return { current: masterKeyFromBase64(current), previous: previous.map(masterKeyFromBase64) };
  } catch {
    throw new UsageError(
      'GATEWAY_ENCRYPTION_KEY and GATEWAY_ENCRYPTION_KEY_PREVIOUS must be base64 32-byte keys.',
    );
  }
}

const OUTCOME_TEXT: Record<RotationProgress['outcome'], string> = {
  rewrapped: 're-encrypted',
  'already-current': 'already current',
  'no-secrets': 'no secrets',
  deleted: 'deleted meanwhile',
  'changed-meanwhile': 'changed meanwhile by an admin save; run the rotation again',
  unreadable: 'cannot be opened with the current or previous keys; left as is',
};

/**
 * Re-encrypts every definition's secrets under GATEWAY_ENCRYPTION_KEY, opening them with it or
 * with one of GATEWAY_ENCRYPTION_KEY_PREVIOUS (comma-separated). Safe to run again and while the
 * gateway serves (each row is a compare-and-swap; a concurrent admin save wins). Exit 1 if any
 * definition could not be opened.
 */
export async function secretsRotate(argv: string[], io: CliIo): Promise<number> {
  parseArgs({ args: argv, options: {}, strict: true });
  const { current, previous } = keysFrom(io);
  const codec = createSecretsCodec(current, previous);
  return withRuntime(io, async (runtime) => {
    const result = await rotateStoredSecrets(runtime.database, codec, (progress) => {
      const line = `[${progress.done}/${progress.total}] ${progress.publicId}: ${OUTCOME_TEXT[progress.outcome]}\n`;
      if (progress.outcome === 'unreadable' || progress.outcome === 'changed-meanwhile') io.stderr(line);
      else io.stdout(line);
    });
    await createAuditLog(runtime.database, runtime.logger).record({
      actor: 'cli',
      action: 'secrets.rotated',
      subject: codec.currentKeyId,
      diff: { rewrapped: result.rewrapped, total: result.total, unreadable: result.unreadable },
    });
    io.stdout(
      `Re-encrypted ${result.rewrapped} of ${result.total} definitions under key ${codec.currentKeyId}` +
        ` (${result.alreadyCurrent} already current, ${result.noSecrets} without secrets,` +
        ` ${result.unreadable.length} failed).\n`,
    );
    return result.unreadable.length === 0 ? 0 : 1;
  });
}
