import { expect, it } from 'vitest';
import { describeEachTarget, useEmptyDatabase } from '../test-support/test-targets';
import {
  deleteExpiredStoredResponses,
  deleteStoredResponse,
  getStoredResponse,
  saveStoredResponse,
} from './stored-responses';

const HOUR = 3_600_000;

describeEachTarget('stored_responses queries', (target) => {
  const database = useEmptyDatabase(target);
  const save = (id: string, keyId: string, expiresInMs: number) =>
    saveStoredResponse(database.current, {
      id,
      api_key_id: keyId,
      response: { id, object: 'response', output: [{ type: 'message' }] },
      input: [{ role: 'user', content: 'hi' }],
      expires_at: new Date(Date.now() + expiresInMs),
    });

  it('gives a key its own unexpired response only', async () => {
    await save('resp_a', 'key-1', HOUR);
    await save('resp_old', 'key-1', -HOUR);
    expect(await getStoredResponse(database.current, 'key-1', 'resp_a')).toEqual({
      response: { id: 'resp_a', object: 'response', output: [{ type: 'message' }] },
      input: [{ role: 'user', content: 'hi' }],
    });
    expect(await getStoredResponse(database.current, 'key-2', 'resp_a')).toBeNull();
    expect(await getStoredResponse(database.current, 'key-1', 'resp_old')).toBeNull();
    expect(await getStoredResponse(database.current, 'key-1', 'resp_missing')).toBeNull();
  });

  it('deletes for the owner only, and sweeps expired rows', async () => {
    await save('resp_b', 'key-1', HOUR);
    await save('resp_gone', 'key-1', -HOUR);
    expect(await deleteStoredResponse(database.current, 'key-2', 'resp_b')).toBe(false);
    expect(await deleteStoredResponse(database.current, 'key-1', 'resp_b')).toBe(true);
    expect(await deleteStoredResponse(database.current, 'key-1', 'resp_b')).toBe(false);
    expect(await deleteExpiredStoredResponses(database.current)).toBeGreaterThanOrEqual(1);
    expect(await deleteExpiredStoredResponses(database.current)).toBe(0);
  });

  it('never lets another key overwrite a response id', async () => {
    await save('resp_c', 'key-1', HOUR);
    await saveStoredResponse(database.current, {
      id: 'resp_c',
      api_key_id: 'key-2',
      response: { id: 'resp_c', hijacked: true },
      input: [],
      expires_at: new Date(Date.now() + HOUR),
    });
    expect((await getStoredResponse(database.current, 'key-1', 'resp_c'))?.response).not.toHaveProperty(
      'hijacked',
    );
  });
});
