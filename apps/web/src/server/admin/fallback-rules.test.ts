import { describe, expect, it } from 'vitest';
import { fallbackIssues } from './fallback-rules';

const chat = (fallbacks?: string[]) => ({
  internal_id: 'm',
  base_url: 'https://api.example.com/v1',
  ...(fallbacks ? { fallbacks } : {}),
});

describe('fallbackIssues', () => {
  const others = [
    { public_id: 'a', definition: chat(['b']) },
    { public_id: 'b', definition: chat() },
    { public_id: 'embed', definition: { ...chat(), mode: 'embedding' } },
  ];

  it('accepts fallbacks that exist, share the mode and lead nowhere back', () => {
    expect(fallbackIssues('new', chat(['a', 'b']), others)).toEqual([]);
  });

  it('refuses itself, a missing model, another mode and a cycle, each with its path', () => {
    expect(fallbackIssues('b', chat(['b', 'ghost', 'embed', 'a']), others)).toEqual([
      { path: 'fallbacks[0]', message: 'names this model itself' },
      { path: 'fallbacks[1]', message: '"ghost" is not a defined model' },
      { path: 'fallbacks[2]', message: '"embed" is of mode embedding; this model is chat' },
      { path: 'fallbacks[3]', message: 'forms a cycle: b -> a -> b' },
    ]);
  });
});
