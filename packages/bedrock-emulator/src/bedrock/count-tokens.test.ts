import { CountTokensCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULT_BEDROCK_API_KEY } from '../default-credentials';
import { startEmulator } from '../server';
import type { EmulatorHandle } from '../types';
import { anthropicBody, PROFILE_ID, sdkClient } from './sdk-test-helpers';

let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const FOUNDATION_ID = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('CountTokens', () => {
  it('counts an invoke body (SDK, SigV4) exactly as the usage of invoking it', async () => {
    const body = anthropicBody('Count these words please');
    const counted = await sdkClient(emulator).send(
      new CountTokensCommand({
        modelId: FOUNDATION_ID,
        input: { invokeModel: { body: new TextEncoder().encode(body) } },
      }),
    );
    expect(emulator.lastRequest()).toMatchObject({
      path: expect.stringContaining('/count-tokens'),
      signatureVerified: true,
    });
    const invoked = await sdkClient(emulator).send(new InvokeModelCommand({ modelId: PROFILE_ID, body }));
    const usage = JSON.parse(Buffer.from(invoked.body).toString('utf8')).usage;
    expect(counted.inputTokens).toBe(
      usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens,
    );
    expect(counted.inputTokens).toBeGreaterThan(0);
  });

  it('counts a Converse input; longer input, more tokens', async () => {
    const count = async (text: string) =>
      (
        await sdkClient(emulator).send(
          new CountTokensCommand({
            modelId: FOUNDATION_ID,
            input: {
              converse: { messages: [{ role: 'user', content: [{ text }] }], system: [{ text: 'Be brief' }] },
            },
          }),
        )
      ).inputTokens!;
    expect(await count('short')).toBeLessThan(
      await count('a much longer message that takes more tokens to say'),
    );
  });

  it('refuses an inference profile id (and its ARN) with a ValidationException', async () => {
    for (const modelId of [
      PROFILE_ID,
      `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${PROFILE_ID}`,
    ]) {
      await expect(
        sdkClient(emulator).send(
          new CountTokensCommand({
            modelId,
            input: { invokeModel: { body: new TextEncoder().encode(anthropicBody('x')) } },
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    }
  });

  it('applies the invoke body rules to what it counts', async () => {
    const body = anthropicBody('x', { anthropic_beta: ['not-a-beta'] });
    await expect(
      sdkClient(emulator).send(
        new CountTokensCommand({
          modelId: FOUNDATION_ID,
          input: { invokeModel: { body: new TextEncoder().encode(body) } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException', message: 'invalid beta flag' });
  });

  it('takes a Bedrock API key, and refuses a body with both or neither input member', async () => {
    const post = (input: unknown) =>
      fetch(`${emulator.url}/model/${encodeURIComponent(FOUNDATION_ID)}/count-tokens`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${EMULATOR_DEFAULT_BEDROCK_API_KEY}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ input }),
      });
    const ok = await post({ invokeModel: { body: Buffer.from(anthropicBody('hello')).toString('base64') } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ inputTokens: expect.any(Number) });
    const both = await post({ invokeModel: { body: '' }, converse: { messages: [] } });
    expect(both.status).toBe(400);
    expect(both.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect((await post({})).status).toBe(400);
  });
});
