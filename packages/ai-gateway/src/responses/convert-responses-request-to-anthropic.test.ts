import { describe, expect, it } from 'vitest';
import { convertResponsesRequestToAnthropic } from './convert-responses-request-to-anthropic';
import { parseResponsesRequest } from './parse-responses-request';
import { createReasoningSealer } from './reasoning-sealing';

const sealer = createReasoningSealer({ key: new Uint8Array(32).fill(3), family: 'anthropic-claude' });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n').toString('base64');

const convert = (body: Record<string, unknown>, promptCaching = false) =>
  convertResponsesRequestToAnthropic(parseResponsesRequest({ model: 'claude', ...body }), {
    thinking: 'none',
    sealer,
    promptCaching,
  });

describe('convertResponsesRequestToAnthropic: files and cache points', () => {
  it('turns an inline PDF input_file into a document block titled by its filename', async () => {
    const { pivot } = await convert({
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Summarise this' },
            { type: 'input_file', filename: 'report.pdf', file_data: `data:application/pdf;base64,${PDF}` },
          ],
        },
      ],
    });
    expect(pivot.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Summarise this' },
          {
            type: 'document',
            source: { type: 'base64', media_type: 'application/pdf', data: PDF },
            title: 'report.pdf',
          },
        ],
      },
    ]);
  });

  it('still reads text files into the prompt and refuses other binaries, naming the part', async () => {
    const text = Buffer.from('a,b\n1,2').toString('base64');
    const { pivot } = await convert({
      input: [{ role: 'user', content: [{ type: 'input_file', file_data: `data:text/csv;base64,${text}` }] }],
    });
    expect(pivot.messages[0]?.content).toEqual([{ type: 'text', text: 'a,b\n1,2' }]);
    await expect(
      convert({
        input: [
          {
            role: 'user',
            content: [{ type: 'input_file', file_data: 'data:application/zip;base64,UEsDBA==' }],
          },
        ],
      }),
    ).rejects.toMatchObject({ status: 400, param: 'input[0].content[0].file_data' });
  });

  it('prompt_cache_key marks the last system block where the upstream caches', async () => {
    const body = {
      instructions: 'You are terse.',
      input: [
        { role: 'developer', content: 'Project rules' },
        { role: 'user', content: 'hi' },
      ],
      prompt_cache_key: 'session-1',
    };
    const cached = await convert(body, true);
    expect(cached.pivot.system).toEqual([
      { type: 'text', text: 'You are terse.' },
      { type: 'text', text: 'Project rules', cache_control: { type: 'ephemeral' } },
    ]);
    const notCaching = await convert(body, false);
    expect(JSON.stringify(notCaching.pivot)).not.toContain('cache_control');
    const withoutKey = await convert({ ...body, prompt_cache_key: undefined }, true);
    expect(JSON.stringify(withoutKey.pivot)).not.toContain('cache_control');
  });

  it('without a system prompt, prompt_cache_key marks the last tool', async () => {
    const { pivot } = await convert(
      {
        input: 'hi',
        prompt_cache_key: 'k',
        tools: [{ type: 'function', name: 'a', parameters: { type: 'object', properties: {} } }],
      },
      true,
    );
    expect(pivot.system).toBeUndefined();
    expect(pivot.tools?.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
  });
});
