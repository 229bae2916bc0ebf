import { describe, expect, it } from 'vitest';
import {
  type AwsCredentials,
  memoizeCredentialProvider,
  resolveBedrockCredentials,
} from './bedrock-credentials';

const T0 = new Date('2025-01-01T00:00:00Z');
const minutes = (count: number) => new Date(T0.getTime() + count * 60_000);

function countingProvider(results: Array<AwsCredentials | Error>) {
  let calls = 0;
  const provider = async () => {
    const result = results[Math.min(calls, results.length - 1)];
    calls++;
    if (result instanceof Error) throw result;
    return result as AwsCredentials;
  };
  return { provider, calls: () => calls };
}

const credentials = (accessKeyId: string, expiration?: Date): AwsCredentials => ({
  accessKeyId,
  secretAccessKey: 'secret',
  sessionToken: 'token',
  ...(expiration === undefined ? {} : { expiration }),
});

describe('memoizeCredentialProvider', () => {
  it('reuses credentials until five minutes before they expire, then refreshes', async () => {
    const source = countingProvider([credentials('first', minutes(60)), credentials('second', minutes(120))]);
    const memoized = memoizeCredentialProvider(source.provider);

    expect((await memoized(T0)).accessKeyId).toBe('first');
    expect((await memoized(minutes(54))).accessKeyId).toBe('first');
    expect(source.calls()).toBe(1);
    expect((await memoized(minutes(55))).accessKeyId).toBe('second');
    expect(source.calls()).toBe(2);
  });

  it('keeps credentials without an expiration forever', async () => {
    const source = countingProvider([credentials('static')]);
    const memoized = memoizeCredentialProvider(source.provider);
    await memoized(T0);
    await memoized(minutes(60 * 24 * 365));
    expect(source.calls()).toBe(1);
  });

  it('shares one load between concurrent callers', async () => {
    const source = countingProvider([credentials('shared', minutes(60))]);
    const memoized = memoizeCredentialProvider(source.provider);
    const results = await Promise.all([memoized(T0), memoized(T0), memoized(T0)]);
    expect(results.map((result) => result.accessKeyId)).toEqual(['shared', 'shared', 'shared']);
    expect(source.calls()).toBe(1);
  });

  it('does not cache a failure, and keeps still-valid credentials when a refresh fails', async () => {
    const source = countingProvider([
      new Error('network down'),
      credentials('recovered', minutes(60)),
      new Error('refresh failed'),
    ]);
    const memoized = memoizeCredentialProvider(source.provider);
    await expect(memoized(T0)).rejects.toThrow('network down');
    expect((await memoized(T0)).accessKeyId).toBe('recovered');
    // Inside the refresh window but not yet expired: the refresh fails, the old ones still work.
    expect((await memoized(minutes(57))).accessKeyId).toBe('recovered');
    await expect(memoized(minutes(61))).rejects.toThrow('refresh failed');
  });
});

describe('resolveBedrockCredentials', () => {
  const unusedChain = memoizeCredentialProvider(async () => {
    throw new Error('must not be called');
  });

  it('uses access keys (and session token) from the definition', async () => {
    await expect(
      resolveBedrockCredentials(
        { region: 'us-east-1', access_key_id: 'AKID', secret_access_key: 'SECRET', session_token: 'TOKEN' },
        T0,
        unusedChain,
      ),
    ).resolves.toEqual({ accessKeyId: 'AKID', secretAccessKey: 'SECRET', sessionToken: 'TOKEN' });
  });

  it('uses the default chain when asked to', async () => {
    const chain = memoizeCredentialProvider(async () => credentials('from-chain'));
    const resolved = await resolveBedrockCredentials(
      { region: 'us-east-1', use_default_credentials: true },
      T0,
      chain,
    );
    expect(resolved.accessKeyId).toBe('from-chain');
  });
});
