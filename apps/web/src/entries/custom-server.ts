/**
 * Custom-server mode: node:http answers /api/gateway/*, /api/admin/*, /api/health and /api/ready
 * straight from the core, and hands every other path (the admin UI) to Next's request handler.
 * https://nextjs.org/docs/app/guides/custom-server
 *   pnpm --filter @gateway/web build && PORT=3000 pnpm --filter @gateway/web start:custom
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { getRuntime } from '../server/entry';
import { serveHttp } from '../server/http/serve-http';
import { closeOnSignals, listenOptionsFromEnv } from './listen-options';

const appDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const listen = listenOptionsFromEnv();
const app = next({ dev: false, dir: appDirectory, hostname: listen.host, port: listen.port });
const [runtime] = await Promise.all([getRuntime(), app.prepare()]);
const handleWithNext = app.getRequestHandler();

const http = await serveHttp({
  runtime,
  ...listen,
  fallback: (incoming, outgoing) => handleWithNext(incoming, outgoing),
});
runtime.logger.info({ url: http.url, mode: 'custom-server' }, 'gateway listening');
closeOnSignals(async () => {
  await http.close();
  await app.close();
  await runtime.close();
});
