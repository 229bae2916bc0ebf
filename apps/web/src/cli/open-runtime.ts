import pino from 'pino';
import { createRuntime, type Runtime } from '../server/runtime';
import { type CliIo, UsageError } from './cli-io';

/**
 * The same Runtime the server uses (same schema, services, encryption), on the embedded database
 * under GATEWAY_DATA_DIR or on DATABASE_URL. Logs go to stderr at warn, so stdout stays for output.
 */
export async function openRuntime(io: CliIo): Promise<Runtime> {
  if (io.env.DATABASE_URL && !io.env.GATEWAY_ENCRYPTION_KEY) {
    // Without the server's key the CLI would encrypt with a freshly generated development key.
    throw new UsageError(
      'DATABASE_URL is set but GATEWAY_ENCRYPTION_KEY is not: set it to the key the gateway uses.',
    );
  }
  const env = { LOG_LEVEL: 'warn', ...io.env };
  const logger = pino({ level: env.LOG_LEVEL ?? 'warn' }, pino.destination(2));
  try {
    return await createRuntime({ env, logger, secretsMode: 'cli' });
  } catch (error) {
    const message = (error as Error).message;
    if (/GATEWAY_ENCRYPTION_KEY/.test(message)) throw new UsageError(message);
    throw error;
  }
}

/** Opens the runtime, runs the work, and always closes it (so the process can exit). */
export async function withRuntime<T>(io: CliIo, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(io);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
