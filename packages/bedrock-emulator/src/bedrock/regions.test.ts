import { InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULT_BEDROCK_API_KEY } from '../default-credentials';
import { startEmulator } from '../server';
import type { EmulatorHandle } from '../types';
import { anthropicBody, PROFILE_ID, sdkClient } from './sdk-test-helpers';

let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator({ regions: ['us-east-1', 'us-west-2', 'eu-west-1'] });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const invokeIn = (region: string) =>
  sdkClient(emulator, { region }).send(
    new InvokeModelCommand({ modelId: PROFILE_ID, body: anthropicBody('hi') }),
  );

function bearerInvoke(prefix: string): Promise<Response> {
  return fetch(`${emulator.url}${prefix}/model/${encodeURIComponent(PROFILE_ID)}/invoke`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${EMULATOR_DEFAULT_BEDROCK_API_KEY}`,
      'content-type': 'application/json',
    },
    body: anthropicBody('hi'),
  });
}

describe('regions', () => {
  it('accepts SigV4 for every configured region and records the region; refuses another', async () => {
    for (const region of ['us-east-1', 'us-west-2', 'eu-west-1']) {
      await invokeIn(region);
      expect(emulator.lastRequest()).toMatchObject({ region, signatureVerified: true });
    }
    await expect(invokeIn('ap-south-1')).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: 'Credential should be scoped to a valid region. ',
    });
  });

  it('takes the region of a bearer call from a /region/<region> prefix, else the first region', async () => {
    expect((await bearerInvoke('/region/eu-west-1')).status).toBe(200);
    expect(emulator.lastRequest()!.region).toBe('eu-west-1');
    expect((await bearerInvoke('')).status).toBe(200);
    expect(emulator.lastRequest()!.region).toBe('us-east-1');
    const unknown = await bearerInvoke('/region/ap-south-1');
    expect(unknown.status).toBe(404);
  });

  it('a throttled region answers 429 with retry-after while the others answer', async () => {
    emulator.setRegionFault('us-west-2', 'throttle', { retryAfterSeconds: 3 });
    await expect(invokeIn('us-west-2')).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
      $response: expect.objectContaining({ headers: expect.objectContaining({ 'retry-after': '3' }) }),
    });
    expect((await invokeIn('us-east-1')).$metadata.httpStatusCode).toBe(200);
    expect((await invokeIn('eu-west-1')).$metadata.httpStatusCode).toBe(200);
    const prefixed = await bearerInvoke('/region/us-west-2');
    expect(prefixed.status).toBe(429);
    expect(prefixed.headers.get('retry-after')).toBe('3');
    emulator.clearRegionFaults();
    expect((await invokeIn('us-west-2')).$metadata.httpStatusCode).toBe(200);
  });

  it('a failing region: 503, a throttling exception as the first stream frame, or a mid-stream fault', async () => {
    emulator.setRegionFault('eu-west-1', 'service-unavailable');
    await expect(invokeIn('eu-west-1')).rejects.toMatchObject({ name: 'ServiceUnavailableException' });

    emulator.setRegionFault('eu-west-1', 'throttle-first-frame');
    const stream = async (region: string) => {
      const response = await sdkClient(emulator, { region }).send(
        new InvokeModelWithResponseStreamCommand({ modelId: PROFILE_ID, body: anthropicBody('hi') }),
      );
      const parts: unknown[] = [];
      for await (const part of response.body!) parts.push(part);
      return parts;
    };
    await expect(stream('eu-west-1')).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect((await stream('us-east-1')).length).toBeGreaterThan(3);

    emulator.setRegionFault('eu-west-1', 'midstream-exception', { afterFrames: 2 });
    await expect(stream('eu-west-1')).rejects.toMatchObject({ name: 'ModelStreamErrorException' });
  });

  it('is driven out of process through /__emulator/regions', async () => {
    const control = await fetch(`${emulator.url}/__emulator/regions/us-east-1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'throttle', options: { times: 1 } }),
    });
    expect(control.status).toBe(200);
    await expect(invokeIn('us-east-1')).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect((await invokeIn('us-east-1')).$metadata.httpStatusCode).toBe(200);
    const bad = await fetch(`${emulator.url}/__emulator/regions/us-east-1`, { method: 'POST', body: '{}' });
    expect(bad.status).toBe(400);
    await fetch(`${emulator.url}/__emulator/regions/*`, { method: 'POST', body: '{"scenario":"throttle"}' });
    await expect(invokeIn('us-west-2')).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect((await fetch(`${emulator.url}/__emulator/regions`, { method: 'DELETE' })).status).toBe(200);
    expect((await invokeIn('us-west-2')).$metadata.httpStatusCode).toBe(200);
  });
});
