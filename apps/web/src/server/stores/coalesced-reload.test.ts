import { describe, expect, it } from 'vitest';
import { createCoalescedReload } from './coalesced-reload';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('createCoalescedReload', () => {
  it('gives callers during a load the next load, and collapses a burst into one', async () => {
    const loads: ReturnType<typeof deferred>[] = [];
    const reload = createCoalescedReload(() => {
      const load = deferred();
      loads.push(load);
      return load.promise;
    });
    const first = reload();
    const second = reload();
    const third = reload();
    expect(loads).toHaveLength(1);
    expect(second).toBe(third);
    expect(second).not.toBe(first);

    let secondSettled = false;
    void second.then(() => {
      secondSettled = true;
    });
    loads[0]?.resolve();
    await first;
    await Promise.resolve();
    expect(loads).toHaveLength(2);
    expect(secondSettled).toBe(false);
    loads[1]?.resolve();
    await second;
    expect(loads).toHaveLength(2);
  });

  it('starts the queued load even when the running one fails', async () => {
    let calls = 0;
    const reload = createCoalescedReload(async () => {
      calls++;
      if (calls === 1) throw new Error('database down');
    });
    const failing = reload();
    const next = reload();
    await expect(failing).rejects.toThrow('database down');
    await expect(next).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
