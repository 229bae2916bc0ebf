import { EMULATOR_DEFAULT_CREDENTIALS } from '@gateway/bedrock-emulator';
import { BENCH_ADMIN_TOKEN } from './services';

/** Claude on Bedrock answering with the emulator's long-stream scenario (~200 deltas). */
export const LONG_STREAM_MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
/** Claude on Bedrock answering with slow-drip, so many streams stay open at once. */
export const SLOW_STREAM_MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
export const SLOW_DRIP_MS = 400;

export const BENCH_CREDENTIALS = EMULATOR_DEFAULT_CREDENTIALS[0] as {
  accessKeyId: string;
  secretAccessKey: string;
};

function bedrockDefinition(emulatorUrl: string, internalId: string) {
  return {
    internal_id: internalId,
    display_name: internalId,
    context_length: 200000,
    max_completion_tokens: 8192,
    base_url: emulatorUrl,
    aws_bedrock: {
      region: 'us-east-1',
      access_key_id: BENCH_CREDENTIALS.accessKeyId,
      secret_access_key: BENCH_CREDENTIALS.secretAccessKey,
    },
  };
}

/** Definitions and a caller key through the gateway's own admin API; returns the caller key. */
export async function provisionGateway(gatewayUrl: string, emulatorUrl: string): Promise<string> {
  const admin = async (method: string, pathname: string, body: unknown) => {
    const response = await fetch(`${gatewayUrl}${pathname}`, {
      method,
      headers: { authorization: `Bearer ${BENCH_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  await admin('PUT', '/api/admin/custom-llms/bench-openai', {
    internal_id: 'emulator-gpt',
    display_name: 'Emulator GPT',
    context_length: 128000,
    max_completion_tokens: 4096,
    base_url: `${emulatorUrl}/v1`,
    api_key: 'bench',
  });
  await admin(
    'PUT',
    '/api/admin/custom-llms/bench-bedrock',
    bedrockDefinition(emulatorUrl, LONG_STREAM_MODEL),
  );
  await admin(
    'PUT',
    '/api/admin/custom-llms/bench-bedrock-slow',
    bedrockDefinition(emulatorUrl, SLOW_STREAM_MODEL),
  );
  const created = await admin('POST', '/api/admin/api-keys', { name: 'bench' });
  return created.key as string;
}

/** (Re)applies the emulator scenarios; `reset` also forgets the recorded requests (memory). */
export async function resetEmulator(emulatorUrl: string): Promise<void> {
  const control = (method: string, pathname: string, body?: unknown) =>
    fetch(`${emulatorUrl}${pathname}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then((response) => response.arrayBuffer());
  await control('POST', '/__emulator/reset');
  await control('POST', '/__emulator/scenarios', { modelId: LONG_STREAM_MODEL, scenario: 'long-stream' });
  await control('POST', '/__emulator/scenarios', {
    modelId: SLOW_STREAM_MODEL,
    scenario: 'slow-drip',
    options: { delayMs: SLOW_DRIP_MS },
  });
}
