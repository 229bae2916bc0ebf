import type { IncomingMessage, ServerResponse } from 'node:http';
import { isGone } from './http-compat';

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Lower-cased header names; repeated headers joined with `, `. */
export function headerRecord(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!.toLowerCase();
    const value = rawHeaders[index + 1]!;
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

export function headerPairs(rawHeaders: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2)
    pairs.push([rawHeaders[index]!, rawHeaders[index + 1]!]);
  return pairs;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Parses a JSON object body; undefined when it is not a JSON object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves after `ms`, or as soon as the client goes away (then `false`). */
export function pause(response: ServerResponse, ms: number): Promise<boolean> {
  if (isGone(response)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(true);
    }, ms);
    response.once('close', onClose);
  });
}

/** Never answers; resolves when the client closes the connection. */
export function waitForClientToLeave(response: ServerResponse): Promise<void> {
  if (isGone(response)) return Promise.resolve();
  return new Promise((resolve) => response.once('close', () => resolve()));
}

/**
 * Raw header pairs without HTTP/2 pseudo-headers; `:authority` becomes `host` when no `host` header was
 * sent, since that is the value a SigV4 signer signed as `host`.
 */
export function normalizeRawHeaders(rawHeaders: readonly string[]): string[] {
  const normalized: string[] = [];
  let authority: string | undefined;
  let hasHost = false;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!;
    const value = rawHeaders[index + 1]!;
    if (name === ':authority') authority = value;
    if (name.startsWith(':')) continue;
    if (name.toLowerCase() === 'host') hasHost = true;
    normalized.push(name, value);
  }
  if (!hasHost && authority !== undefined) normalized.push('host', authority);
  return normalized;
}
