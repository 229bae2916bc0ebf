import { createHash } from 'node:crypto';

/** A request exactly as it arrived on the wire: raw path (still percent-encoded), raw header pairs. */
export type WireRequest = {
  method: string;
  /** Path and query as received, e.g. `/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke`. */
  path: string;
  /** Header pairs in arrival order; duplicates stay separate (node's `rawHeaders`). */
  headers: ReadonlyArray<readonly [string, string]>;
  body: Uint8Array;
};

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** RFC 3986 encoding of every byte except the unreserved set, as SigV4 requires (upper-case hex). */
export function uriEncode(value: string): string {
  let encoded = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const character = String.fromCharCode(byte);
    encoded += UNRESERVED.test(character)
      ? character
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

/**
 * Canonical URI for every service except S3: remove dot segments and empty segments, then URI-encode
 * each segment of the path AS SENT. A path that is already percent-encoded once (`%3A`) is therefore
 * encoded again (`%253A`). https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const keepsTrailingSlash = rawPath.endsWith('/') && segments.length > 0;
  return `/${segments.map(uriEncode).join('/')}${keepsTrailingSlash ? '/' : ''}`;
}

function decodeQueryComponent(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

/** Canonical query string: decode, re-encode strictly, sort by key then value. */
export function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs = rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const separator = part.indexOf('=');
      const key = separator === -1 ? part : part.slice(0, separator);
      const value = separator === -1 ? '' : part.slice(separator + 1);
      return [uriEncode(decodeQueryComponent(key)), uriEncode(decodeQueryComponent(value))] as const;
    });
  pairs.sort(([keyA, valueA], [keyB, valueB]) =>
    keyA === keyB ? compareCodeUnits(valueA, valueB) : compareCodeUnits(keyA, keyB),
  );
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

function compareCodeUnits(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/** Trim and collapse inner whitespace runs, as the spec asks for canonical header values. */
function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/** Values of each header, lower-cased name -> canonical values joined by `,` in arrival order. */
export function collectHeaders(headers: WireRequest['headers']): Map<string, string> {
  const collected = new Map<string, string>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const canonical = canonicalHeaderValue(value);
    const previous = collected.get(key);
    collected.set(key, previous === undefined ? canonical : `${previous},${canonical}`);
  }
  return collected;
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The canonical request over the headers the client listed in `SignedHeaders`. */
export function buildCanonicalRequest(request: WireRequest, signedHeaders: readonly string[]): string {
  const queryStart = request.path.indexOf('?');
  const rawPath = queryStart === -1 ? request.path : request.path.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? '' : request.path.slice(queryStart + 1);
  const headers = collectHeaders(request.headers);
  const headerLines = signedHeaders.map((name) => `${name}:${headers.get(name) ?? ''}\n`).join('');
  return [
    request.method.toUpperCase(),
    canonicalUri(rawPath),
    canonicalQuery(rawQuery),
    headerLines,
    signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
}
