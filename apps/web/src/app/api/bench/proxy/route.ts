import { Agent, request as undiciRequest } from 'undici';
import { benchNotFound, benchRoutesEnabled } from '../bench-guard';

export const dynamic = 'force-dynamic';

const agent = new Agent({ connections: 256, pipelining: 1 });

/**
 * Benchmark only (see ../bench-guard.ts): the smallest useful proxy in a Next.js route handler,
 * the body forwarded with undici.request to GATEWAY_BENCH_UPSTREAM (the emulator) and the answer
 * returned. No auth, no validation: the physical floor the gateway's route handler is held to.
 */
export const POST = async (request: Request) => {
  const upstream = process.env.GATEWAY_BENCH_UPSTREAM;
  if (!benchRoutesEnabled() || !upstream) return benchNotFound();
  const response = await undiciRequest(upstream, {
    dispatcher: agent,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
    body: await request.text(),
    signal: request.signal,
  });
  return new Response(await response.body.text(), {
    status: response.statusCode,
    headers: { 'content-type': 'application/json' },
  });
};
