import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { InMemoryResponse, type UpstreamFetch } from '@gateway/ai-gateway';
import { Agent, request as undiciRequest } from 'undici';
import { type AllowedHost, isAllowedHost, isBlockedAddress } from './upstream-policy';

/**
 * The production upstream client: a pooled undici Agent (keep-alive, no pipelining, bounded
 * connections per origin) instead of the global fetch, which Next.js patches and which cost a
 * third of a minimal proxy's throughput here. Redirects are never followed.
 */
export function createUndiciUpstreamFetch(options: {
  allowedHosts: readonly AllowedHost[];
  connectionsPerOrigin?: number;
}): { fetch: UpstreamFetch; close: () => Promise<void> } {
  const agent = new Agent({
    connections: options.connectionsPerOrigin ?? 2048,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 120_000,
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: { lookup: guardedLookup(options.allowedHosts) },
  });
  const fetch: UpstreamFetch = async (request, signal) => {
    const response = await undiciRequest(request.url, {
      dispatcher: agent,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal,
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      else headers.set(name, value);
    }
    const noBody = response.statusCode === 204 || response.statusCode === 304;
    if (noBody) {
      response.body.resume();
      return new Response(null, { status: response.statusCode, headers });
    }
    // A small, whole (content-length) non-stream body is read natively in one go: far fewer
    // promises than a Web stream pulled chunk by chunk, which showed in profiles (most under
    // Next.js, where async hooks make every promise dearer). Streams stay streams.
    const length = Number(response.headers['content-length'] ?? Number.NaN);
    if (length <= MAX_BUFFERED_BYTES && !isStreamContentType(response.headers['content-type'])) {
      const bytes = new Uint8Array(await response.body.arrayBuffer());
      return new InMemoryResponse(bytes, { status: response.statusCode, headers });
    }
    return new Response(readableToWeb(response.body), { status: response.statusCode, headers });
  };
  return { fetch, close: () => agent.close() };
}

const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

function isStreamContentType(value: string | string[] | undefined): boolean {
  const type = String(value ?? '').toLowerCase();
  return type.includes('text/event-stream') || type.includes('vnd.amazon.eventstream');
}

/**
 * A pull-based Web stream over a Node Readable. Unlike `Readable.toWeb`, data that arrives after
 * the consumer cancelled is dropped instead of throwing "Controller is already closed", and
 * nothing is read ahead of the consumer (backpressure reaches the upstream socket).
 */
function readableToWeb(readable: Readable): ReadableStream<Uint8Array> {
  const iterator = readable[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel() {
        // Destroying an undici body emits an AbortError; nobody is reading any more, so drop it.
        readable.on('error', () => undefined);
        readable.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * DNS lookup that refuses blocked addresses at connect time, unless the host name is allowed.
 * Checking the address actually connected to (not a separate, earlier resolution) defeats DNS
 * rebinding.
 */
export function guardedLookup(allowedHosts: readonly AllowedHost[]): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowedByName = allowedHosts.some((entry) => entry.host === hostname.toLowerCase());
      const usable = allowedByName
        ? addresses
        : addresses.filter((entry) => !isBlockedAddress(entry.address));
      if (usable.length === 0) {
        const refused = Object.assign(new Error(`upstream host ${hostname} resolves to a blocked address`), {
          code: 'EUPSTREAMBLOCKED',
        });
        return callback(refused, '', 0);
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      const first = usable[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

export { isAllowedHost };
