import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULT_BEDROCK_API_KEY } from '../default-credentials';
import { startEmulator } from '../server';
import type { EmulatorHandle } from '../types';

// Wire-level checks with plain fetch (HTTP/1.1, as the gateway sends), authenticated by Bedrock API key.
let emulator: EmulatorHandle;
const codec = new EventStreamCodec(toUtf8, fromUtf8);

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

function post(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${EMULATOR_DEFAULT_BEDROCK_API_KEY}`,
      'content-type': 'application/json',
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

const validBody = {
  anthropic_version: 'bedrock-2023-05-31',
  max_tokens: 16,
  messages: [{ role: 'user', content: 'Hi' }],
};
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1';

/** Splits an event-stream body into frames with the official codec (CRC-checked). */
function decodeFrames(bytes: Uint8Array) {
  const frames = [];
  let offset = 0;
  while (offset < bytes.length) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + offset).getUint32(0);
    frames.push(codec.decode(bytes.subarray(offset, offset + length)));
    offset += length;
  }
  return frames;
}

describe('Bedrock model ids on the wire', () => {
  it('accepts the once-encoded id and the raw-colon id', async () => {
    expect((await post(`/model/${HAIKU}%3A0/invoke`, validBody)).status).toBe(200);
    expect((await post(`/model/${HAIKU}:0/invoke`, validBody)).status).toBe(200);
  });

  it('refuses a double-encoded id with 404 ResourceNotFoundException', async () => {
    const response = await post(`/model/${HAIKU}%253A0/invoke`, validBody);
    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(emulator.lastRequest()!.modelId).toBe(`${HAIKU}%3A0`);
  });

  it('accepts profile ids of every geography and inference-profile ARNs', async () => {
    for (const prefix of ['us', 'eu', 'apac', 'jp', 'au', 'us-gov', 'global']) {
      const response = await post(
        `/model/${prefix}.anthropic.claude-haiku-4-5-20251001-v1%3A0/invoke`,
        validBody,
      );
      expect(response.status, prefix).toBe(200);
    }
    const arn =
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-opus-4-1-20250805-v1:0';
    expect(
      (
        await post(`/model/${encodeURIComponent(arn)}/converse`, {
          messages: [{ role: 'user', content: [{ text: 'x' }] }],
        })
      ).status,
    ).toBe(200);
  });

  it('refuses unknown models and an unencoded ARN slash', async () => {
    expect((await post('/model/anthropic.claude-nope-v1%3A0/invoke', validBody)).status).toBe(404);
    const rawSlash = await post(
      '/model/arn:aws:bedrock:us-east-1:1:inference-profile/us.x/invoke',
      validBody,
    );
    expect(rawSlash.status).toBe(404);
  });
});

describe('Anthropic-on-Bedrock body rules', () => {
  async function message(body: unknown): Promise<string> {
    const response = await post(`/model/${HAIKU}%3A0/invoke`, body);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
    return ((await response.json()) as { message: string }).message;
  }

  it('names each extraneous key, in the body order', async () => {
    expect(await message({ ...validBody, model: 'claude', stream: true })).toBe(
      'Malformed input request: #: extraneous key [model] is not permitted#: extraneous key [stream] is not permitted, please reformat your input and try again.',
    );
  });

  it('requires anthropic_version, max_tokens and messages, and the Bedrock version value', async () => {
    const { anthropic_version: _version, ...withoutVersion } = validBody;
    expect(await message(withoutVersion)).toBe(
      'Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.',
    );
    const { max_tokens: _maxTokens, ...withoutMaxTokens } = validBody;
    expect(await message(withoutMaxTokens)).toContain('#: required key [max_tokens] not found');
    expect(await message({ ...validBody, anthropic_version: '2023-06-01' })).toBe(
      'Invalid API version: 2023-06-01',
    );
  });
});

describe('Bedrock auth over fetch', () => {
  it('refuses an unknown API key and a missing Authorization like AWS', async () => {
    const wrongKey = await post(`/model/${HAIKU}%3A0/invoke`, validBody, {
      headers: { authorization: 'Bearer nope', 'content-type': 'application/json' },
    });
    expect(wrongKey.status).toBe(403);
    const none = await post(`/model/${HAIKU}%3A0/invoke`, validBody, {
      headers: { 'content-type': 'application/json' },
    });
    expect(none.status).toBe(403);
    expect(none.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(emulator.requests.map((request) => request.authError)).toEqual([
      'UnrecognizedClientException',
      'MissingAuthenticationTokenException',
    ]);
  });
});

describe('Bedrock streaming scenarios on the wire', () => {
  const streamPath = `/model/${HAIKU}%3A0/invoke-with-response-stream`;

  it('writes frames with the Bedrock headers, base64 bytes and the p padding', async () => {
    const response = await post(streamPath, validBody);
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const frames = decodeFrames(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(frames[0]!.headers)).toEqual([':event-type', ':content-type', ':message-type']);
    const payload = JSON.parse(toUtf8(frames[0]!.body));
    expect(Object.keys(payload)).toEqual(['bytes', 'p']);
    expect(JSON.parse(Buffer.from(payload.bytes, 'base64').toString('utf8')).type).toBe('message_start');
  });

  it('long-stream sends the requested number of content deltas; slow-drip still delivers every frame', async () => {
    emulator.setScenario(`${HAIKU}:0`, 'long-stream', { deltaCount: 200 });
    const long = decodeFrames(new Uint8Array(await (await post(streamPath, validBody)).arrayBuffer()));
    expect(long).toHaveLength(205);
    emulator.setScenario(`${HAIKU}:0`, 'slow-drip', { delayMs: 5 });
    const slow = decodeFrames(new Uint8Array(await (await post(streamPath, validBody)).arrayBuffer()));
    expect(slow).toHaveLength(12);
  });

  it('reset destroys the connection mid-stream', async () => {
    emulator.setScenario('*', 'reset', { afterFrames: 1 });
    const response = await post(streamPath, validBody);
    await expect(response.arrayBuffer()).rejects.toThrow();
  });

  it('hang never answers until the client aborts', async () => {
    emulator.setScenario(`${HAIKU}:0`, 'hang');
    const controller = new AbortController();
    const pending = post(streamPath, validBody, { signal: controller.signal });
    while (emulator.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it('scenarios and recorded requests are reachable over HTTP for out-of-process use', async () => {
    const set = await fetch(`${emulator.url}/__emulator/scenarios`, {
      method: 'POST',
      body: JSON.stringify({ modelId: `${HAIKU}:0`, scenario: 'throttle', options: { times: 1 } }),
    });
    expect(set.status).toBe(200);
    const throttled = await post(`/model/${HAIKU}%3A0/invoke`, validBody);
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toEqual({
      message: 'Too many requests, please wait before trying again.',
    });
    expect((await post(`/model/${HAIKU}%3A0/invoke`, validBody)).status).toBe(200);
    const listed = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as {
      requests: { path: string }[];
    };
    expect(listed.requests.map((request) => request.path)).toEqual([
      '/__emulator/scenarios',
      `/model/${HAIKU}%3A0/invoke`,
      `/model/${HAIKU}%3A0/invoke`,
    ]);
  });
});
