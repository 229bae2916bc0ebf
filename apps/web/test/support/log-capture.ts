import { Writable } from 'node:stream';

/**
 * Every log line the gateway writes during a test file, so the harness can assert at close that
 * no secret ever reached a log.
 */
const captured: string[] = [];

export function captureLogs(): Writable {
  return new Writable({
    write(chunk, _encoding, callback) {
      captured.push(String(chunk));
      callback();
    },
  });
}

export function capturedLogLines(): readonly string[] {
  return captured;
}

/** Throws naming the line (with the secret masked) when any secret appears in a captured log line. */
export function assertNoSecretsIn(secrets: readonly string[]): void {
  for (const line of captured) {
    for (const secret of secrets) {
      if (secret.length >= 8 && line.includes(secret)) {
        throw new Error(
          `A secret ending in ${secret.slice(-4)} was logged: ${line.replaceAll(secret, '[SECRET]')}`,
        );
      }
    }
  }
}
