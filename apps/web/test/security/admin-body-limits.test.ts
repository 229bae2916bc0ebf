import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminApi, createAdminApi } from '@/server/admin/admin-api';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

// Issue 17 #2: POST /api/admin/session read and parsed the whole body before checking the token
// (a 20 MB nested array blocked the event loop for 8.4 s); admin bodies had no cap at all.
let gateway: TestGateway;
let admin: AdminApi;
beforeAll(async () => {
  gateway = await startTestGateway();
  admin = createAdminApi(gateway.runtime);
});
afterAll(async () => {
  await gateway?.close();
});

const url = 'http://127.0.0.1/api/admin/session';

/** A body with no content-length, so only counting the bytes as they arrive can refuse it. */
function streamedBody(size: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode('['.repeat(64 * 1024));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

describe('admin body limits', () => {
  it('refuses a login body over a few KB with 413 before parsing it', async () => {
    const body = JSON.stringify({ token: 'wrong', padding: 'x'.repeat(100_000) });
    const response = await admin.login(new Request(url, { method: 'POST', body }));
    expect(response.status).toBe(413);
  });

  it('refuses a streamed 20 MB nested login body quickly, without buffering it', async () => {
    const started = performance.now();
    const response = await admin.login(
      new Request(url, {
        method: 'POST',
        body: streamedBody(20 * 1024 * 1024),
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses a deeply nested admin body with a 400 that names the problem', async () => {
    const definition = `{"internal_id":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    const response = await admin.putCustomLlm('nested')(
      new Request('http://127.0.0.1/api/admin/custom-llms/nested', {
        method: 'PUT',
        headers: { authorization: `Bearer ${gateway.adminToken}` },
        body: definition,
      }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
      /nested deeper/,
    );
  });

  it('caps every admin JSON body at 1 MB', async () => {
    const response = await admin.createApiKey(
      new Request('http://127.0.0.1/api/admin/api-keys', {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.adminToken}` },
        body: JSON.stringify({ name: 'big', padding: 'x'.repeat(2 * 1024 * 1024) }),
      }),
    );
    expect(response.status).toBe(413);
  });
});
