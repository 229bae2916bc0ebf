import { parseArgs } from 'node:util';
import { type JsonObject, listCustomLlms, upsertCustomLlm } from '@gateway/db';
import { masterKeyFromBase64 } from '../../server/secrets/envelope-encryption';
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

/**
 * Re-encrypts every definition's secrets under GATEWAY_ENCRYPTION_KEY, opening them with it or
 * with one of GATEWAY_ENCRYPTION_KEY_PREVIOUS (comma-separated). Safe to run again: definitions
 * already under the current key are left alone. Exit 1 if any could not be opened.
 */
export async function secretsRotate(argv: string[], io: CliIo): Promise<number> {
  parseArgs({ args: argv, options: {}, strict: true });
  const { current, previous } = keysFrom(io);
  const codec = createSecretsCodec(current, previous);
  return withRuntime(io, async (runtime) => {
    const rows = await listCustomLlms(runtime.database);
    let rotated = 0;
    let alreadyCurrent = 0;
    let withoutSecrets = 0;
    const failed: string[] = [];
    for (const [index, row] of rows.entries()) {
      const progress = `[${index + 1}/${rows.length}] ${row.public_id}`;
      if (row.encrypted_secrets === null) {
        withoutSecrets += 1;
        io.stdout(`${progress}: no secrets\n`);
        continue;
      }
      let rewrapped: ReturnType<typeof codec.rewrap>;
      try {
        rewrapped = codec.rewrap(row.encrypted_secrets);
      } catch {
        failed.push(row.public_id);
        io.stderr(`${progress}: cannot be opened with the current or previous keys; left as is\n`);
        continue;
      }
      if (rewrapped === undefined) {
        alreadyCurrent += 1;
        io.stdout(`${progress}: already current\n`);
        continue;
      }
      await upsertCustomLlm(runtime.database, {
        publicId: row.public_id,
        definition: row.definition,
        encryptedSecrets: rewrapped as unknown as JsonObject,
      });
      rotated += 1;
      io.stdout(`${progress}: re-encrypted\n`);
    }
    io.stdout(
      `Re-encrypted ${rotated} of ${rows.length} definitions under key ${codec.currentKeyId}` +
        ` (${alreadyCurrent} already current, ${withoutSecrets} without secrets, ${failed.length} failed).\n`,
    );
    return failed.length === 0 ? 0 : 1;
  });
}
