/**
 * What both node:http entries share. `next start` runs with NODE_ENV=production, so these do
 * too unless told otherwise: production requires GATEWAY_ADMIN_TOKEN and GATEWAY_ENCRYPTION_KEY.
 */
(process.env as Record<string, string | undefined>).NODE_ENV ??= 'production';

/** `PORT` (default 3000) and `HOST` (default all interfaces, as `next start`). */
export function listenOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): { port: number; host: string } {
  return { port: Number(env.PORT ?? 3000), host: env.HOST ?? '0.0.0.0' };
}

/** Stops accepting, drains what the runtime buffered (usage records), then exits. */
export function closeOnSignals(close: () => Promise<void>): void {
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    close().finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
