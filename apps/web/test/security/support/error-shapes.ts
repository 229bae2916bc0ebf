import { expect } from 'vitest';

export type Route = 'openai' | 'anthropic' | 'admin';

/**
 * What every answer of a fuzzed endpoint must satisfy: no 500 without a request id (gateway
 * routes), and every error in the route family's shape with a message. Reads the whole body
 * (streams included) within `timeoutMs`.
 */
export async function expectWellFormed(response: Response, route: Route, timeoutMs = 10_000): Promise<void> {
  const text = await Promise.race([
    response.text(),
    new Promise<never>((_resolve, reject) =>
      setTimeout(() => reject(new Error(`body not finished within ${timeoutMs} ms`)), timeoutMs),
    ),
  ]);
  if (route !== 'admin') {
    if (response.status >= 500) expect(response.headers.get('x-request-id'), text).toBeTruthy();
  }
  if (response.ok) return;
  const contentType = response.headers.get('content-type') ?? '';
  expect(contentType, `${response.status} ${text.slice(0, 200)}`).toMatch(/json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  if (route === 'anthropic') {
    expect(body.type).toBe('error');
    expect(typeof (body.error as { message?: unknown })?.message).toBe('string');
  } else {
    expect(typeof (body.error as { message?: unknown })?.message, text.slice(0, 200)).toBe('string');
  }
}
