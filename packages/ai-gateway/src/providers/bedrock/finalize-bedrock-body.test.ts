import { describe, expect, it } from 'vitest';
import { claudeFamilyOf } from '../../models/claude-model-family';
import type { ThinkingSupport } from '../../models/model-capabilities';
import { type BedrockBodyChanges, finalizeBedrockBody } from './finalize-bedrock-body';

function finalize(
  body: Record<string, unknown>,
  modelId: string,
  options: { betas?: string; thinking?: ThinkingSupport } = {},
) {
  const changes: BedrockBodyChanges[] = [];
  const result = finalizeBedrockBody(body, {
    apiAdapter: 'anthropic-messages',
    callerHeaders: new Headers(options.betas ? { 'anthropic-beta': options.betas } : {}),
    model: claudeFamilyOf(modelId),
    thinking: options.thinking ?? claudeFamilyOf(modelId)?.thinking,
    onDropped: (what) => changes.push(what),
  });
  return { result, changes: changes[0] };
}

const SONNET_45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const OPUS_46 = 'global.anthropic.claude-opus-4-6-v1';
const HAIKU_45 = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const CLAUDE_CODE_BETAS =
  'claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,mid-conversation-tool-changes-2026-07-01,thinking-token-count-2026-05-13,advanced-tool-use-2025-11-20,effort-2025-11-24';

describe('finalizeBedrockBody (Claude invoke)', () => {
  it("keeps the betas Bedrock takes for the model from Claude Code's seven, under Bedrock's names", () => {
    const sonnet = finalize({ max_tokens: 10, messages: [] }, SONNET_45, { betas: CLAUDE_CODE_BETAS });
    expect(sonnet.result.anthropic_beta).toEqual([
      'interleaved-thinking-2025-05-14',
      'context-management-2025-06-27',
      'tool-search-tool-2025-10-19',
    ]);
    expect(sonnet.changes?.betas).toEqual([
      'claude-code-20250219',
      'mid-conversation-tool-changes-2026-07-01',
      'thinking-token-count-2026-05-13',
      'effort-2025-11-24',
    ]);
    expect(sonnet.changes?.mapped).toEqual(['advanced-tool-use-2025-11-20 -> tool-search-tool-2025-10-19']);
    // Opus 4.6 takes effort; Haiku 4.5 has no tool search.
    expect(
      finalize({ max_tokens: 10, messages: [] }, OPUS_46, { betas: CLAUDE_CODE_BETAS }).result.anthropic_beta,
    ).toContain('effort-2025-11-24');
    expect(
      finalize({ max_tokens: 10, messages: [] }, HAIKU_45, { betas: CLAUDE_CODE_BETAS }).result
        .anthropic_beta,
    ).not.toContain('tool-search-tool-2025-10-19');
  });

  it('keeps context-1m only on the models that have a 1M window', () => {
    const betas = 'context-1m-2025-08-07';
    expect(finalize({ max_tokens: 1, messages: [] }, SONNET_45, { betas }).result.anthropic_beta).toEqual([
      betas,
    ]);
    expect(finalize({ max_tokens: 1, messages: [] }, HAIKU_45, { betas }).result).not.toHaveProperty(
      'anthropic_beta',
    );
    expect(
      finalize({ max_tokens: 1, messages: [] }, 'anthropic.claude-opus-4-1-20250805-v1:0', { betas }).result,
    ).not.toHaveProperty('anthropic_beta');
  });

  it('maps adaptive thinking to the effort budget on a budget-only model and drops the effort', () => {
    const { result, changes } = finalize(
      {
        max_tokens: 32000,
        messages: [],
        thinking: { type: 'adaptive', display: 'omitted' },
        output_config: { effort: 'medium' },
      },
      SONNET_45,
    );
    expect(result.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(result).not.toHaveProperty('output_config');
    expect(changes?.fields).toContain('output_config.effort');
  });

  it('caps the budget below max_tokens, and drops thinking when there is no room or no support', () => {
    expect(
      finalize({ max_tokens: 2000, messages: [], thinking: { type: 'adaptive' } }, SONNET_45).result.thinking,
    ).toEqual({
      type: 'enabled',
      budget_tokens: 1999,
    });
    expect(
      finalize({ max_tokens: 1000, messages: [], thinking: { type: 'adaptive' } }, SONNET_45).result,
    ).not.toHaveProperty('thinking');
    const haiku3 = finalize(
      { max_tokens: 9000, messages: [], thinking: { type: 'enabled', budget_tokens: 2048 } },
      'anthropic.claude-3-haiku-20240307-v1:0',
    );
    expect(haiku3.result).not.toHaveProperty('thinking');
  });

  it('keeps adaptive thinking and effort on Claude 4.6, and follows the definition override', () => {
    const body = {
      max_tokens: 9000,
      messages: [],
      thinking: { type: 'adaptive' },
      output_config: { effort: 'low' },
    };
    expect(finalize(body, OPUS_46).result).toMatchObject({
      thinking: { type: 'adaptive' },
      output_config: { effort: 'low' },
    });
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc';
    expect(finalize(body, arn, { thinking: 'adaptive' }).result.thinking).toEqual({ type: 'adaptive' });
  });

  it('moves system-role messages into system in order and keeps metadata.user_id only', () => {
    const { result } = finalize(
      {
        max_tokens: 10,
        system: [{ type: 'text', text: 'a' }],
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'system', content: 'b' },
          { role: 'assistant', content: 'yo' },
          { role: 'system', content: [{ type: 'text', text: 'c' }] },
        ],
        metadata: { user_id: 'u', tags: ['x'] },
      },
      SONNET_45,
    );
    expect(result.system).toEqual([
      { type: 'text', text: 'a' },
      { type: 'text', text: 'b' },
      { type: 'text', text: 'c' },
    ]);
    expect((result.messages as Array<{ role: string }>).map((message) => message.role)).toEqual([
      'user',
      'assistant',
    ]);
    expect(result.metadata).toEqual({ user_id: 'u' });
  });
});
