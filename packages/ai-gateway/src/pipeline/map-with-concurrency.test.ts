import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './map-with-concurrency';

const delay = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('mapWithConcurrency', () => {
  it('keeps the input order when calls finish out of order, with at most N in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 20 }, (_, index) => index);
    const results = await mapWithConcurrency(items, 4, async (item) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await delay((item * 7) % 5);
      inFlight--;
      return item * 10;
    });
    expect(results).toEqual(items.map((item) => item * 10));
    expect(peak).toBe(4);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const outcome = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await delay(1);
      if (item === 1) throw new Error('boom');
      return item;
    });
    await expect(outcome).rejects.toThrow('boom');
    expect(started.length).toBeLessThan(6);
  });

  it('answers an empty list with an empty list', async () => {
    expect(await mapWithConcurrency([], 3, async () => 1)).toEqual([]);
  });
});
