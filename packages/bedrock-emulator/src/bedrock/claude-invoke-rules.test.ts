import { type ContentBlock, ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signThinking } from '../reply/thinking-signature';
import { startEmulator } from '../server';
import type { EmulatorHandle } from '../types';
import { BEDROCK_ACCEPTED_ANTHROPIC_BETAS } from './bedrock-anthropic-rules';
import { anthropicBody, invokeStreamEvents, PROFILE_ID, sdkClient } from './sdk-test-helpers';

// Claude-on-Bedrock body rules through the official SDK (SigV4, HTTP/2), as the gateway meets them.
let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const OPUS_4_6 = 'global.anthropic.claude-opus-4-6-v1';
const OPUS_4_7 = 'global.anthropic.claude-opus-4-7';

async function invoke(body: Record<string, unknown>, modelId = PROFILE_ID) {
  const response = await sdkClient(emulator).send(
    new InvokeModelCommand({ modelId, body: anthropicBody('Hi', body) }),
  );
  return JSON.parse(Buffer.from(response.body).toString('utf8')) as {
    content: { type: string; text?: string; thinking?: string; signature?: string }[];
  };
}

async function refusal(body: Record<string, unknown>, modelId = PROFILE_ID): Promise<string> {
  try {
    await invoke(body, modelId);
  } catch (error) {
    expect((error as Error).name).toBe('ValidationException');
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
    return (error as Error).message;
  }
  throw new Error('expected a ValidationException');
}

describe('top-level keys and roles', () => {
  it('refuses a system turn inside messages, naming its index', async () => {
    const messages = [
      { role: 'user', content: 'Hi' },
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: 'Again' },
    ];
    expect(await refusal({ messages })).toBe("messages.1.role: Input should be 'user' or 'assistant'");
  });

  it('refuses unknown top-level keys with the JSON-schema wording, and metadata other than user_id', async () => {
    expect(await refusal({ service_tier: 'auto', container: 'x' })).toBe(
      'Malformed input request: #: extraneous key [service_tier] is not permitted#: extraneous key [container] is not permitted, please reformat your input and try again.',
    );
    expect(await refusal({ metadata: { user_id: 'u', tags: ['a'] } })).toBe(
      'metadata.tags: Extra inputs are not permitted',
    );
  });

  it('accepts every documented key: system, metadata.user_id, output_config, context_management, tools', async () => {
    const body = await invoke({
      system: [{ type: 'text', text: 'Be brief' }],
      metadata: { user_id: 'user-1' },
      output_config: { effort: 'medium' },
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
      anthropic_beta: ['context-management-2025-06-27', 'effort-2025-11-24'],
      temperature: 0.2,
      stop_sequences: ['END'],
    });
    expect(body.content[0]).toMatchObject({ type: 'text' });
  });
});

describe('anthropic_beta', () => {
  it('accepts each beta of the list, and all of them together', async () => {
    for (const beta of BEDROCK_ACCEPTED_ANTHROPIC_BETAS) {
      await expect(invoke({ anthropic_beta: [beta] }), beta).resolves.toBeDefined();
    }
    await expect(invoke({ anthropic_beta: [...BEDROCK_ACCEPTED_ANTHROPIC_BETAS] })).resolves.toBeDefined();
  });

  it('refuses one unknown beta among known ones with "invalid beta flag"', async () => {
    expect(
      await refusal({ anthropic_beta: ['interleaved-thinking-2025-05-14', 'claude-code-20250219'] }),
    ).toBe('invalid beta flag');
    expect(await refusal({ anthropic_beta: 'context-1m-2025-08-07' })).toContain(
      '#/anthropic_beta: expected type: JSONArray, found: String',
    );
  });
});

describe('thinking', () => {
  it('answers a thinking block with a deterministic signature before the text', async () => {
    const thinking = { type: 'enabled', budget_tokens: 1024 };
    const first = await invoke({ max_tokens: 2048, thinking });
    const second = await invoke({ max_tokens: 2048, thinking });
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(first.content[0]!.signature).toBe(signThinking(first.content[0]!.thinking!));
    expect(second.content[0]!.signature).toBe(first.content[0]!.signature);
  });

  it('takes the thinking block back unchanged, records its signature, and refuses an altered one', async () => {
    const thinking = { type: 'enabled', budget_tokens: 1024 };
    const first = await invoke({ max_tokens: 2048, thinking });
    const history = (block: unknown) => ({
      max_tokens: 2048,
      thinking,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [block, first.content[1]] },
        { role: 'user', content: 'And now?' },
      ],
    });
    await invoke(history(first.content[0]));
    expect(emulator.lastRequest()!.thinkingSignatures).toEqual([first.content[0]!.signature]);

    const altered = { ...first.content[0], thinking: `${first.content[0]!.thinking} (edited)` };
    expect(await refusal(history(altered))).toBe(
      'messages.1.content.0: Invalid `signature` in `thinking` block',
    );
    const { signature: _dropped, ...unsigned } = first.content[0]!;
    expect(await refusal(history(unsigned))).toBe('messages.1.content.0.thinking.signature: Field required');
    // Redacted thinking is opaque to the client and passes as it came.
    await invoke(history({ type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT' }));
  });

  it('checks thinking against the model: budget rules, adaptive on 4.6+, enabled refused on Opus 4.7', async () => {
    expect(await refusal({ thinking: { type: 'enabled', budget_tokens: 512 } })).toBe(
      'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024',
    );
    expect(await refusal({ max_tokens: 1024, thinking: { type: 'enabled', budget_tokens: 1024 } })).toContain(
      '`max_tokens` must be greater than `thinking.budget_tokens`',
    );
    expect(await refusal({ thinking: { type: 'adaptive' } })).toContain('adaptive thinking is not supported');
    const adaptive = await invoke({ thinking: { type: 'adaptive' } }, OPUS_4_6);
    expect(adaptive.content[0]!.type).toBe('thinking');
    await expect(invoke({ thinking: { type: 'adaptive' } }, OPUS_4_7)).resolves.toBeDefined();
    expect(
      await refusal({ max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 } }, OPUS_4_7),
    ).toContain('not supported for this model');
  });

  it('streams the thinking block as thinking_delta then signature_delta, then the text at index 1', async () => {
    const events = await invokeStreamEvents(
      emulator,
      PROFILE_ID,
      anthropicBody('Stream', { max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 } }),
    );
    const deltas = events
      .filter((event) => event.type === 'content_block_delta')
      .map(
        (event) => event as { index: number; delta: { type: string; thinking?: string; signature?: string } },
      );
    expect(deltas[0]).toMatchObject({ index: 0, delta: { type: 'thinking_delta' } });
    expect(deltas[1]).toMatchObject({ index: 0, delta: { type: 'signature_delta' } });
    expect(deltas[1]!.delta.signature).toBe(signThinking(deltas[0]!.delta.thinking!));
    expect(deltas.slice(2).every((delta) => delta.index === 1 && delta.delta.type === 'text_delta')).toBe(
      true,
    );
  });
});

describe('content blocks', () => {
  it('accepts a base64 PDF document block with title, context and citations', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64');
    const body = await invoke({
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: pdf },
              title: 'Spec',
              context: 'A tiny file',
              citations: { enabled: true },
            },
            { type: 'text', text: 'Summarise' },
          ],
        },
      ],
    });
    expect(body.content[0]!.text).toBe('Hello from the emulator. You said: Summarise');
  });
});

describe('thinking on Converse', () => {
  it('answers reasoningContent with a signature, takes it back unchanged, refuses an altered one', async () => {
    const client = sdkClient(emulator);
    const additionalModelRequestFields = { thinking: { type: 'enabled', budget_tokens: 1024 } };
    const first = await client.send(
      new ConverseCommand({
        modelId: PROFILE_ID,
        messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
        inferenceConfig: { maxTokens: 2048 },
        additionalModelRequestFields,
      }),
    );
    const content = first.output!.message!.content!;
    const reasoning = content[0]!.reasoningContent!.reasoningText!;
    expect(reasoning.signature).toBe(signThinking(reasoning.text!));
    const followUp = (blocks: ContentBlock[]) =>
      client.send(
        new ConverseCommand({
          modelId: PROFILE_ID,
          messages: [
            { role: 'user', content: [{ text: 'Hi' }] },
            { role: 'assistant', content: blocks },
            { role: 'user', content: [{ text: 'More' }] },
          ],
          inferenceConfig: { maxTokens: 2048 },
          additionalModelRequestFields,
        }),
      );
    await followUp(content);
    expect(emulator.lastRequest()!.thinkingSignatures).toEqual([reasoning.signature]);
    const altered = {
      reasoningContent: { reasoningText: { text: 'edited', signature: reasoning.signature } },
    };
    await expect(followUp([altered, content[1]!])).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Invalid `signature` in `thinking` block'),
    });
  });
});
