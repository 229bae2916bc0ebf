/**
 * What the gateway costs per request without any HTTP server in front: the app's one router (caller
 * key, limits, metrics, the core, usage rows) driven with plain `Request`s, one at a time, against
 * the emulator in its own process, next to the floor (the same upstream call with undici.request
 * and a `Response`). `tsx bench/in-process.ts [requests]`; with `--cpu-prof` under node for a
 * profile of the gateway's own work. Optional `BENCH_ALS=8` runs every request inside that many
 * AsyncLocalStorage contexts, which is what Next.js route handlers pay on every promise. With
 * DATABASE_URL the gateway runs on a throwaway Postgres database, else on PGlite.
 * BENCH_NO_NETWORK=1: the upstream answers from memory and the floor is skipped, so the figure is
 * the gateway's own CPU per request. BENCH_PROFILE=<file>: a CPU profile of the second round only.
 */
import { AsyncLocalStorage, createHook } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { InMemoryResponse } from '@gateway/ai-gateway';
import { buildChatCompletion } from '@gateway/bedrock-emulator/openai/openai-output';
import { createThrowawayPostgres } from '@gateway/db/test-support/throwaway-postgres';
import { Agent, request as undiciRequest } from 'undici';
import { createAdminApi } from '../src/server/admin/admin-api';
import { parseAllowedHosts } from '../src/server/config';
import { createRouter } from '../src/server/http/router';
import { createRuntime } from '../src/server/runtime';
import { createUndiciUpstreamFetch } from '../src/server/upstream-fetch';
import { provisionGateway } from './provision';
import { gatewayEnv, startEmulatorService } from './services';

const requests = Number(process.argv[2] ?? 20_000);
const stores = Array.from({ length: Number(process.env.BENCH_ALS ?? 0) }, () => new AsyncLocalStorage());
const inContexts = <T>(work: () => Promise<T>, index = 0): Promise<T> =>
  index === stores.length
    ? work()
    : (stores[index] as AsyncLocalStorage<object>).run({}, () => inContexts(work, index + 1));

const emulator = await startEmulatorService();
// DATABASE_URL: the gateway on a throwaway Postgres database (as `pnpm bench` does); else PGlite.
const throwaway = process.env.DATABASE_URL
  ? await createThrowawayPostgres(process.env.DATABASE_URL)
  : undefined;
const env = { ...gatewayEnv(emulator.url, 'in-process'), DATABASE_URL: throwaway?.url };
// The upstream call is timed on its own, so what the gateway adds is told apart from the emulator's time.
let upstreamMicroseconds = 0;
const production = createUndiciUpstreamFetch({ allowedHosts: parseAllowedHosts('127.0.0.1') });
// BENCH_NO_NETWORK=1: the upstream answers from memory (a real-shaped OpenAI answer), so the
// figure is the gateway's own CPU per request, without the emulator's time and its noise.
const cannedAnswer = new TextEncoder().encode(
  JSON.stringify(
    buildChatCompletion(
      {
        kind: 'text',
        text: 'Hello from memory.',
        idSeed: 'bench',
        usage: { inputTokens: 9, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 },
      } as never,
      'gpt',
    ),
  ),
);
const noNetwork = process.env.BENCH_NO_NETWORK === '1';
const runtime = await createRuntime({
  env,
  upstreamFetch: async (request, signal) => {
    if (noNetwork && !request.url.includes('/__emulator'))
      return new InMemoryResponse(cannedAnswer.slice(), {
        status: 200,
        headers: { 'content-type': 'application/json', 'content-length': String(cannedAnswer.byteLength) },
      });
    const started = performance.now();
    try {
      return await production.fetch(request, signal);
    } finally {
      upstreamMicroseconds += (performance.now() - started) * 1000;
    }
  },
});
const router = createRouter(runtime, createAdminApi(runtime));
const origin = 'http://127.0.0.1';
// provisionGateway speaks HTTP: give it a fetch that goes through the router instead.
const realFetch = globalThis.fetch;
globalThis.fetch = (async (input: string, init?: RequestInit) =>
  (await router.route(new Request(String(input).replace(/^https?:\/\/[^/]+/, origin), init))) ??
  new Response('not found', { status: 404 })) as typeof fetch;
const key = await provisionGateway(origin, emulator.url);
globalThis.fetch = realFetch;

const body = JSON.stringify({ model: 'bench-openai', messages: [{ role: 'user', content: 'hi' }] });
// As every HTTP client sends it, and as Next.js and the node entries pass it on: the gateway reads
// a body with a content-length in one go, one without it chunk by chunk (read-json-body.ts).
const contentLength = String(Buffer.byteLength(body));
const gatewayOnce = async () => {
  const response = await router.route(
    new Request(`${origin}/api/gateway/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/json',
        'content-length': contentLength,
      },
      body,
    }),
  );
  if (response?.status !== 200)
    throw new Error(`gateway answered ${response?.status}: ${await response?.text()}`);
  await response.text();
};
const agent = new Agent({ connections: 256, pipelining: 1 });
const proxyOnce = async () => {
  const incoming = new Request(`${origin}/api/bench/proxy`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': contentLength },
    body,
  });
  const started = performance.now();
  const upstream = await undiciRequest(`${emulator.url}/v1/chat/completions`, {
    dispatcher: agent,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
    body: await incoming.text(),
    signal: incoming.signal,
  });
  const text = await upstream.body.text();
  upstreamMicroseconds += (performance.now() - started) * 1000;
  await new Response(text, { headers: { 'content-type': 'application/json' } }).text();
};

async function measure(name: string, once: () => Promise<void>) {
  for (let index = 0; index < 2_000; index++) await inContexts(once);
  let promises = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === 'PROMISE') promises++;
    },
  });
  hook.enable();
  await inContexts(once);
  hook.disable();
  upstreamMicroseconds = 0;
  const started = performance.now();
  for (let index = 0; index < requests; index++) await inContexts(once);
  const microseconds = ((performance.now() - started) * 1000) / requests;
  const upstream = upstreamMicroseconds / requests;
  console.log(
    `${name.padEnd(28)} ${microseconds.toFixed(1).padStart(7)} µs per request, of which ${upstream.toFixed(1)} µs waiting for the upstream; ${promises} promises`,
  );
  return microseconds;
}

/** A CPU profile of the gateway's loop only (start-up and the floor left out): BENCH_PROFILE=<file>. */
async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    async stopInto(file: string) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`profile of the gateway's second round: ${file}`);
    },
  };
}

try {
  // Interleaved, twice, so a slow moment of the machine shows as disagreement between the rounds.
  for (let round = 1; round <= 2; round++) {
    const floor = noNetwork ? 0 : await measure(`floor (undici + Response)`, proxyOnce);
    const profile = round === 2 && process.env.BENCH_PROFILE ? await startProfile() : undefined;
    const gateway = await measure(`gateway router`, gatewayOnce);
    if (profile) await profile.stopInto(process.env.BENCH_PROFILE as string);
    console.log(`round ${round}: the gateway adds ${(gateway - floor).toFixed(1)} µs per request`);
  }
} finally {
  await runtime.close();
  await emulator.stop();
  await throwaway?.drop();
}
