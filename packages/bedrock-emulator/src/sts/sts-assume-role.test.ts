import { InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { anthropicBody, PROFILE_ID, permanent, sdkClient } from '../bedrock/sdk-test-helpers';
import { EMULATOR_DEFAULT_ROLE } from '../default-credentials';
import { startEmulator } from '../server';
import type { EmulatorHandle } from '../types';

let emulator: EmulatorHandle;
const OTHER_ROLE = 'arn:aws:iam::210987654321:role/path/no-external-id';

beforeAll(async () => {
  emulator = await startEmulator({
    roles: [EMULATOR_DEFAULT_ROLE, { roleArn: OTHER_ROLE }],
  });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const baseCredentials = { accessKeyId: permanent!.accessKeyId, secretAccessKey: permanent!.secretAccessKey };

function assumed(externalId: string | undefined, roleArn: string = EMULATOR_DEFAULT_ROLE.roleArn) {
  return fromTemporaryCredentials({
    masterCredentials: baseCredentials,
    params: {
      RoleArn: roleArn,
      RoleSessionName: 'gateway-test',
      ExternalId: externalId,
      DurationSeconds: 900,
    },
    clientConfig: { endpoint: emulator.url, region: 'us-east-1' },
  });
}

describe('STS AssumeRole with the official credential provider', () => {
  it('issues session credentials that the Bedrock face accepts, with one STS call for many requests', async () => {
    const client = sdkClient(emulator, { credentials: assumed(EMULATOR_DEFAULT_ROLE.externalId) });
    for (let index = 0; index < 5; index += 1) {
      const response = await client.send(
        new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('hi') }),
      );
      expect(response.$metadata.httpStatusCode).toBe(200);
    }
    expect(emulator.assumeRoleCalls).toHaveLength(1);
    const [call] = emulator.assumeRoleCalls;
    expect(call).toMatchObject({
      roleArn: EMULATOR_DEFAULT_ROLE.roleArn,
      roleSessionName: 'gateway-test',
      externalId: EMULATOR_DEFAULT_ROLE.externalId,
      durationSeconds: 900,
      outcome: { accessKeyId: expect.stringMatching(/^ASIA[A-Z0-9]{16}$/) },
    });
    const stsRequest = emulator.requests.find((request) => request.face === 'sts')!;
    expect(stsRequest).toMatchObject({ signatureVerified: true, accessKeyId: permanent!.accessKeyId });
    const bedrockRequest = emulator.lastRequest()!;
    expect(bedrockRequest).toMatchObject({ face: 'bedrock', signatureVerified: true });
    expect(bedrockRequest.accessKeyId).toBe((call!.outcome as { accessKeyId: string }).accessKeyId);
    expect(bedrockRequest.headers['x-amz-security-token']).toBeDefined();
  });

  it('answers AccessDenied for a wrong or missing ExternalId and an unknown role', async () => {
    for (const provider of [
      assumed('wrong-id'),
      assumed(undefined),
      assumed('x', 'arn:aws:iam::1:role/nope'),
    ]) {
      await expect(provider()).rejects.toMatchObject({
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
        message: expect.stringContaining('is not authorized to perform: sts:AssumeRole on resource'),
      });
    }
    expect(emulator.assumeRoleCalls.map((call) => call.outcome)).toEqual([
      { error: 'AccessDenied' },
      { error: 'AccessDenied' },
      { error: 'AccessDenied' },
    ]);
  });

  it('assumes a role without an ExternalId in its trust policy', async () => {
    const credentials = await assumed(undefined, OTHER_ROLE)();
    expect(credentials.sessionToken).toBeDefined();
    expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now() + 800_000);
  });

  it('refuses a wrongly signed AssumeRole with the Query protocol error', async () => {
    const provider = fromTemporaryCredentials({
      masterCredentials: { accessKeyId: baseCredentials.accessKeyId, secretAccessKey: 'wrong' },
      params: { RoleArn: EMULATOR_DEFAULT_ROLE.roleArn, ExternalId: EMULATOR_DEFAULT_ROLE.externalId },
      clientConfig: { endpoint: emulator.url, region: 'us-east-1' },
    });
    await expect(provider()).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    expect(emulator.assumeRoleCalls).toHaveLength(0);
  });
});

describe('issued credentials expire', () => {
  it('refuses the session credentials after their expiration with ExpiredTokenException', async () => {
    let now = new Date();
    const clocked = await startEmulator({ now: () => now });
    try {
      const credentials = await fromTemporaryCredentials({
        masterCredentials: baseCredentials,
        params: {
          RoleArn: EMULATOR_DEFAULT_ROLE.roleArn,
          ExternalId: EMULATOR_DEFAULT_ROLE.externalId,
          DurationSeconds: 900,
        },
        clientConfig: { endpoint: clocked.url, region: 'us-west-2' },
      })();
      const client = sdkClient(clocked, { credentials });
      const send = () =>
        client.send(new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('x') }));
      await expect(send()).resolves.toBeDefined();
      now = new Date(now.getTime() + 901_000);
      // The verifier checks expiry before clock skew, so the expired token is what it reports.
      await expect(send()).rejects.toMatchObject({ name: 'ExpiredTokenException' });
    } finally {
      await clocked.close();
    }
  });
});
