/**
 * Standalone mode: the gateway core on node:http, no Next.js at all (no admin UI pages; the admin
 * API, /api/health and /api/ready are served). Same runtime and environment as `next start`.
 *   PORT=3000 pnpm --filter @gateway/web start:standalone
 */
import { getRuntime } from '../server/entry';
import { serveHttp } from '../server/http/serve-http';
import { closeOnSignals, listenOptionsFromEnv } from './listen-options';

const runtime = await getRuntime();
const http = await serveHttp({ runtime, ...listenOptionsFromEnv() });
runtime.logger.info({ url: http.url, mode: 'standalone' }, 'gateway listening');
closeOnSignals(async () => {
  await http.close();
  await runtime.close();
});
