import {
  ConverseCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../server';
import type { EmulatorHandle } from '../types';
import {
  anthropicBody,
  converseStreamEvents,
  invokeStreamEvents,
  PROFILE_ID,
  permanent,
  sdkClient,
  temporary,
} from './sdk-test-helpers';

let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

describe('Bedrock failures as the SDK sees them', () => {
  it('a wrong secret is an InvalidSignatureException', async () => {
    const wrong = sdkClient(emulator, {
      credentials: { accessKeyId: permanent!.accessKeyId, secretAccessKey: 'not-the-secret' },
    });
    await expect(
      wrong.send(new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') })),
    ).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    });
    expect(emulator.lastRequest()!.signatureVerified).toBe(false);
  });

  it('an unknown access key id is an UnrecognizedClientException', async () => {
    const unknown = sdkClient(emulator, {
      credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' },
    });
    await expect(
      unknown.send(new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') })),
    ).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
  });

  it('a bare id that needs an inference profile is a ValidationException', async () => {
    const bare = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
    await expect(
      sdkClient(emulator).send(new InvokeModelCommand({ modelId: bare, body: anthropicBody('x') })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Invocation of model ID ${bare} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
    });
  });

  it('`stream` in an Anthropic body is refused with the extraneous-key message', async () => {
    const body = anthropicBody('x', { stream: true });
    await expect(
      sdkClient(emulator).send(new InvokeModelCommand({ modelId: PROFILE_ID, body })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        'Malformed input request: #: extraneous key [stream] is not permitted, please reformat your input and try again.',
    });
  });

  it('throttle: ThrottlingException, and only the first N times when asked', async () => {
    emulator.setScenario(PROFILE_ID, 'throttle');
    await expect(
      sdkClient(emulator).send(new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') })),
    ).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
    });
    emulator.setScenario(PROFILE_ID, 'throttle', { times: 1 });
    const retrying = sdkClient(emulator, { maxAttempts: 2 });
    const response = await retrying.send(
      new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') }),
    );
    expect(response.$metadata.attempts).toBe(2);
  });

  it('service-unavailable: ServiceUnavailableException', async () => {
    emulator.setScenario(PROFILE_ID, 'service-unavailable');
    await expect(
      sdkClient(emulator).send(
        new ConverseCommand({ modelId: PROFILE_ID, messages: [{ role: 'user', content: [{ text: 'x' }] }] }),
      ),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableException',
      $metadata: { httpStatusCode: 503 },
    });
  });

  it('midstream-exception: the SDK stream throws ModelStreamErrorException after normal chunks', async () => {
    emulator.setScenario(PROFILE_ID, 'midstream-exception', { afterFrames: 2 });
    const seen: string[] = [];
    const consume = async () => {
      const response = await sdkClient(emulator).send(
        new InvokeModelWithResponseStreamCommand({ modelId: PROFILE_ID, body: anthropicBody('x') }),
      );
      for await (const part of response.body!) {
        seen.push(JSON.parse(Buffer.from(part.chunk!.bytes!).toString('utf8')).type);
      }
    };
    await expect(consume()).rejects.toMatchObject({ name: 'ModelStreamErrorException' });
    expect(seen).toEqual(['message_start', 'content_block_start']);

    emulator.setScenario(PROFILE_ID, 'midstream-exception');
    await expect(converseStreamEvents(emulator, PROFILE_ID)).rejects.toMatchObject({
      name: 'ModelStreamErrorException',
    });
  });

  it('bad-crc: the SDK refuses the corrupted frame', async () => {
    emulator.setScenario(PROFILE_ID, 'bad-crc', { afterFrames: 1 });
    await expect(converseStreamEvents(emulator, PROFILE_ID)).rejects.toThrow(/checksum/i);
  });
});

describe('capture scenario: real Bedrock bytes through the SDK', () => {
  beforeEach(() => emulator.setScenario(PROFILE_ID, 'capture'));

  it('InvokeModel and InvokeModelWithResponseStream', async () => {
    const response = await sdkClient(emulator).send(
      new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') }),
    );
    expect(JSON.parse(Buffer.from(response.body).toString('utf8')).stop_reason).toBe('max_tokens');
    expect(response.$metadata.requestId).toBe('c92e8fb8-a69f-47b5-bdfb-94952440dedb');
    const events = await invokeStreamEvents(emulator, PROFILE_ID, anthropicBody('x'));
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'message_delta',
      'message_stop',
    ]);
  });

  it('Converse and ConverseStream', async () => {
    const response = await sdkClient(emulator).send(
      new ConverseCommand({ modelId: PROFILE_ID, messages: [{ role: 'user', content: [{ text: 'x' }] }] }),
    );
    expect(response.output!.message!.content![0]!.toolUse!.name).toBe('record_numbers');
    const events = await converseStreamEvents(emulator, PROFILE_ID);
    expect(events).toHaveLength(6);
    expect(events[1]!.contentBlockStart!.start!.toolUse!.name).toBe('record_numbers');
  });
});

describe('emulator options that change authentication', () => {
  it('uses the injected clock for the 5-minute skew check', async () => {
    const past = await startEmulator({ now: () => new Date('2015-08-30T12:36:00Z') });
    try {
      const send = sdkClient(past).send(
        new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') }),
      );
      await expect(send).rejects.toMatchObject({
        name: 'InvalidSignatureException',
        message: expect.stringMatching(/^Signature not yet current/),
      });
    } finally {
      await past.close();
    }
  });

  it('verifySignatures: false lets a bad signature through but records it as unverified', async () => {
    const lenient = await startEmulator({ verifySignatures: false });
    try {
      const wrong = sdkClient(lenient, { credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' } });
      const response = await wrong.send(
        new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') }),
      );
      expect(response.$metadata.httpStatusCode).toBe(200);
      expect(lenient.lastRequest()).toMatchObject({
        signatureVerified: false,
        authError: 'UnrecognizedClientException',
      });
    } finally {
      await lenient.close();
    }
  });

  it('refuses expired temporary credentials with ExpiredTokenException', async () => {
    const expiring = await startEmulator({
      credentials: [{ ...temporary!, expiresAt: new Date('2000-01-01T00:00:00Z') }],
    });
    try {
      const withToken = sdkClient(expiring, {
        credentials: {
          accessKeyId: temporary!.accessKeyId,
          secretAccessKey: temporary!.secretAccessKey,
          sessionToken: temporary!.sessionToken,
        },
      });
      const send = withToken.send(new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') }));
      await expect(send).rejects.toMatchObject({ name: 'ExpiredTokenException' });
    } finally {
      await expiring.close();
    }
  });
});
