import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUndiciUpstreamFetch, guardedLookup } from '@/server/upstream-fetch';
import { startTinyUpstream, type TinyUpstream } from '../faults/support/tiny-upstream';

let upstream: TinyUpstream;
beforeAll(async () => {
  upstream = await startTinyUpstream((_request, response) => response.end('reached'));
});
afterAll(() => upstream?.close());

function lookup(allowed: { host: string; port: string | undefined }[], hostname: string) {
  return new Promise<{ error: NodeJS.ErrnoException | null; addresses: LookupAddress[] }>((resolve) => {
    guardedLookup(allowed)(hostname, { all: true }, (error, addresses) =>
      resolve({ error, addresses: (addresses ?? []) as LookupAddress[] }),
    );
  });
}

describe('guardedLookup: the address resolved at connect time is checked', () => {
  it('refuses a name that resolves to loopback', async () => {
    const { error } = await lookup([], 'localhost');
    expect(error?.code).toBe('EUPSTREAMBLOCKED');
  });

  it('lets a listed name through', async () => {
    const { error, addresses } = await lookup([{ host: 'localhost', port: undefined }], 'localhost');
    expect(error).toBeNull();
    expect(addresses.length).toBeGreaterThan(0);
  });

  it('the real client never connects to a name that resolves to a blocked address', async () => {
    const client = createUndiciUpstreamFetch({ allowedHosts: [] });
    try {
      const attempt = client.fetch(
        {
          url: `http://localhost:${upstream.port}/v1/chat/completions`,
          method: 'POST',
          headers: {},
          body: '{}',
        },
        new AbortController().signal,
      );
      await expect(attempt).rejects.toThrow();
      expect(upstream.requests).toHaveLength(0);
    } finally {
      await client.close();
    }
  });

  it('and does connect when the name is listed', async () => {
    const client = createUndiciUpstreamFetch({ allowedHosts: [{ host: 'localhost', port: undefined }] });
    try {
      const response = await client.fetch(
        { url: `http://localhost:${upstream.port}/ok`, method: 'GET', headers: {}, body: undefined },
        new AbortController().signal,
      );
      expect(await response.text()).toBe('reached');
    } finally {
      await client.close();
    }
  });
});
