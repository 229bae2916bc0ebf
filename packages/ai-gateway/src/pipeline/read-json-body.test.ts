import { describe, expect, it } from 'vitest';
import { readJsonBody } from './read-json-body';

function chunkedRequest(chunks: string[], onCancel: () => void): Request {
  const encoder = new TextEncoder();
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
    cancel: onCancel,
  });
  return new Request('http://gateway.test/v1/chat/completions', {
    method: 'POST',
    body,
    duplex: 'half',
  } as RequestInit);
}

describe('readJsonBody size cap', () => {
  it('counts a body without content-length as it streams and refuses it with 413', async () => {
    let cancelled = false;
    const request = chunkedRequest(['{"a":"', 'x'.repeat(600), 'x'.repeat(600), '"}'], () => {
      cancelled = true;
    });
    await expect(readJsonBody(request, 1000)).rejects.toMatchObject({
      status: 413,
      code: 'payload_too_large',
    });
    // Not cancelled: on node:http a cancel destroys the socket, and the caller would get a reset
    // instead of the 413.
    expect(cancelled).toBe(false);
  });

  it('refuses a declared content-length over the cap without reading', async () => {
    const request = new Request('http://gateway.test/v1/messages', {
      method: 'POST',
      headers: { 'content-length': '5000' },
      body: 'x'.repeat(5000),
    });
    await expect(readJsonBody(request, 1000)).rejects.toMatchObject({ status: 413 });
  });

  it('parses a body at the cap', async () => {
    const body = JSON.stringify({ text: 'x'.repeat(980) });
    const request = chunkedRequest([body.slice(0, 500), body.slice(500)], () => undefined);
    expect(await readJsonBody(request, body.length)).toEqual({ text: 'x'.repeat(980) });
  });
});
