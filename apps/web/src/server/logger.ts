import pino from 'pino';

/**
 * Structured JSON logs. Redaction is a second line of defence: the code never logs secrets, but if
 * a header or key object ever reaches a log call, these paths are censored.
 */
export function createLogger(level: string) {
  // Asynchronous writes: a request never waits for stdout.
  const destination = pino.destination({ sync: false });
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          '*.authorization',
          '*.Authorization',
          '*["x-api-key"]',
          '*.api_key',
          '*.secret_access_key',
          '*.session_token',
          '*.key',
          'headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;
