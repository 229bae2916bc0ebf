import { describe, expect, it } from 'vitest';
import { createReasoningSealer } from './reasoning-sealing';

const KEY = new Uint8Array(32).fill(1);
const BLOCK = { type: 'thinking' as const, thinking: 'Let me think.', signature: 'sig' };

describe('reasoning sealing', () => {
  it('opens what it sealed, for the same family, and hides the text', async () => {
    const sealer = createReasoningSealer({ key: KEY, family: 'anthropic-claude' });
    const sealed = await sealer.seal(BLOCK);
    expect(sealed).toMatch(/^gwr1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('think');
    expect(await sealer.open(sealed)).toEqual(BLOCK);
    expect(await sealer.open(await sealer.seal({ type: 'redacted_thinking', data: 'opaque' }))).toEqual({
      type: 'redacted_thinking',
      data: 'opaque',
    });
  });

  it('refuses a blob for another family, under another key, tampered at any byte, or foreign', async () => {
    const sealer = createReasoningSealer({ key: KEY, family: 'anthropic-claude' });
    const sealed = await sealer.seal(BLOCK);
    expect(
      await createReasoningSealer({ key: KEY, family: 'openai-completions:gpt' }).open(sealed),
    ).toBeUndefined();
    expect(
      await createReasoningSealer({ key: new Uint8Array(32), family: 'anthropic-claude' }).open(sealed),
    ).toBeUndefined();
    for (let index = 5; index < sealed.length; index += 1) {
      const flipped = sealed[index] === 'A' ? 'B' : 'A';
      const tampered = `${sealed.slice(0, index)}${flipped}${sealed.slice(index + 1)}`;
      expect(await sealer.open(tampered)).toBeUndefined();
    }
    for (const foreign of ['', 'gAAAAABopenai-blob', 'gwr1.', 'gwr1.!!!', 'gwr1.AAAA'])
      expect(await sealer.open(foreign)).toBeUndefined();
  });

  it('uses a fresh IV per seal', async () => {
    const sealer = createReasoningSealer({ key: KEY, family: 'anthropic-claude' });
    expect(await sealer.seal(BLOCK)).not.toBe(await sealer.seal(BLOCK));
  });
});
