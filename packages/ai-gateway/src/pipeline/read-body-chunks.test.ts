import { describe, expect, it } from 'vitest';
import { readWholeBody } from './read-body-chunks';

const encoder = new TextEncoder();

/** A body without content-length that would go on for `total` bytes. */
function unsizedResponse(total: number): { response: Response; sent: () => number } {
  let sent = 0;
  const piece = encoder.encode('a'.repeat(64 * 1024));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += piece.byteLength;
      controller.enqueue(piece);
    },
  });
  return { response: new Response(body), sent: () => sent };
}

describe('readWholeBody caps (issue 17 #6)', () => {
  it('refuses a body without content-length past the cap with a 502, without reading it all', async () => {
    const { response, sent } = unsizedResponse(64 * 1024 * 1024);
    const error = (await readWholeBody(response, new AbortController(), 5_000, 'm', 1024 * 1024).catch(
      (caught: unknown) => caught,
    )) as Error & { status: number };
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/larger than 1048576 bytes/);
    expect(sent()).toBeLessThan(4 * 1024 * 1024);
  });

  it('refuses a declared content-length past the cap before reading', async () => {
    const response = new Response('x', { headers: { 'content-length': String(64 * 1024 * 1024) } });
    await expect(readWholeBody(response, new AbortController(), 5_000, 'm', 1024)).rejects.toMatchObject({
      status: 502,
    });
  });

  it('reads a body within the cap whole', async () => {
    const { response } = unsizedResponse(256 * 1024);
    expect((await readWholeBody(response, new AbortController(), 5_000, 'm', 1024 * 1024)).length).toBe(
      256 * 1024,
    );
  });
});
