import {
  EMULATOR_DEFAULT_CREDENTIALS,
  EMULATOR_DEFAULT_ROLE,
  type EmulatorHandle,
  startEmulator,
} from '@gateway/bedrock-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CustomLlmDefinition } from '../../definition/custom-llm-definition-schema';
import { callModel, targetsTestGateway } from '../../routing/targets-test-support';

/**
 * AssumeRole for real: the emulator's STS checks the ExternalId and issues session credentials
 * that its Bedrock face then accepts (with `x-amz-security-token`), and counts the calls.
 */
const CLAUDE = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const base = EMULATOR_DEFAULT_CREDENTIALS[0]!;
/** STS's minimum session; refreshed 14.5 minutes before expiry, so 30 s after it was issued. */
const SESSION_SECONDS = 900;
const REFRESH_BEFORE_EXPIRY_MS = 870_000;
/**
 * The gateway's clock, moved by the test. The emulator keeps real time: AWS (and the emulator)
 * accept SigV4 dates up to 15 minutes off, and STS signs with real time.
 */
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startEmulator({ defaultSessionSeconds: SESSION_SECONDS });
});
afterAll(() => emulator?.close());
beforeEach(() => {
  emulator.reset();
  offsetMs = 0;
});

const withRole = (externalId: string): CustomLlmDefinition => ({
  internal_id: CLAUDE,
  base_url: emulator.url,
  aws_bedrock: {
    region: 'us-west-2',
    access_key_id: base.accessKeyId,
    secret_access_key: base.secretAccessKey,
    role_arn: EMULATOR_DEFAULT_ROLE.roleArn,
    external_id: externalId,
    role_session_name: 'gateway-test',
  },
});

describe('aws_bedrock.role_arn', () => {
  it('signs with the assumed role’s session credentials (right ExternalId)', async () => {
    const { gateway } = targetsTestGateway(
      { claude: withRole(EMULATOR_DEFAULT_ROLE.externalId) },
      { deps: { aws: { stsEndpoint: emulator.url } } },
    );
    const result = await callModel(gateway, 'messages', 'claude', false);
    expect(result.status).toBe(200);
    const [call] = emulator.assumeRoleCalls;
    expect(call).toMatchObject({
      roleArn: EMULATOR_DEFAULT_ROLE.roleArn,
      externalId: EMULATOR_DEFAULT_ROLE.externalId,
      roleSessionName: 'gateway-test',
    });
    const bedrock = emulator.requests.filter((request) => request.face === 'bedrock');
    expect(bedrock[0]).toMatchObject({ region: 'us-west-2', signatureVerified: true });
    expect(bedrock[0]?.accessKeyId).toBe(
      (call?.outcome as { accessKeyId?: string } | undefined)?.accessKeyId,
    );
    expect(bedrock[0]?.headers['x-amz-security-token']).toBeTruthy();
  });

  it('answers 502 naming the role, never the credentials, with the wrong ExternalId', async () => {
    const { gateway } = targetsTestGateway(
      { claude: withRole('not-the-external-id') },
      { deps: { aws: { stsEndpoint: emulator.url } } },
    );
    const result = await callModel(gateway, 'chat', 'claude', false);
    expect(result.status).toBe(502);
    expect(result.body).toContain(EMULATOR_DEFAULT_ROLE.roleArn);
    expect(result.body).not.toContain(base.secretAccessKey);
    expect(result.body).not.toContain(base.accessKeyId);
    expect(emulator.assumeRoleCalls[0]?.outcome).toEqual({ error: 'AccessDenied' });
    expect(emulator.requests.filter((request) => request.face === 'bedrock')).toHaveLength(0);
  });

  it('makes one STS call for a burst, and one more shortly before expiry, under load', async () => {
    const { gateway } = targetsTestGateway(
      { claude: withRole(EMULATOR_DEFAULT_ROLE.externalId) },
      {
        deps: {
          aws: { stsEndpoint: emulator.url, assumeRoleRefreshMs: REFRESH_BEFORE_EXPIRY_MS },
          now: clock,
        },
      },
    );
    const burst = () =>
      Promise.all(Array.from({ length: 50 }, () => callModel(gateway, 'chat', 'claude', false)));
    expect((await burst()).every((result) => result.status === 200)).toBe(true);
    expect(emulator.assumeRoleCalls).toHaveLength(1);
    expect((await burst()).every((result) => result.status === 200)).toBe(true);
    expect(emulator.assumeRoleCalls).toHaveLength(1);
    // 40 s later the credentials are inside the refresh window (and still valid): one refresh for all 50.
    offsetMs = 40_000;
    expect((await burst()).every((result) => result.status === 200)).toBe(true);
    expect(emulator.assumeRoleCalls).toHaveLength(2);
  });
});
