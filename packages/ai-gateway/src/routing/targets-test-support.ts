import type { EmulatorHandle } from '@gateway/bedrock-emulator';
import { createGateway, type Gateway } from '../create-gateway';
import type { CustomLlmDefinition } from '../definition/custom-llm-definition-schema';
import type { GatewayDeps } from '../gateway-deps';
import { coreTestDeps } from '../testing/core-test-deps';
import type { UsageRecord } from '../usage/usage-record';
import { createInMemoryTargetHealth, type InMemoryTargetHealth } from './in-memory-target-health';
import type { CooldownPolicy } from './target-health';

/** Test support: a core gateway over plain definitions, sending to the emulator on a real socket. */
export type TargetsTestGateway = {
  gateway: Gateway;
  health: InMemoryTargetHealth;
  records: UsageRecord[];
};

export function targetsTestGateway(
  definitions: Record<string, CustomLlmDefinition>,
  options: { policy?: Partial<CooldownPolicy>; deps?: Partial<GatewayDeps> } = {},
): TargetsTestGateway {
  const health = createInMemoryTargetHealth({ policy: options.policy ?? {} });
  const { deps, records } = coreTestDeps(definitions, {
    targetHealth: health,
    limits: { retryBaseDelayMs: 1 },
    ...options.deps,
  });
  const gateway = createGateway(deps);
  return { gateway, health, records };
}

export type CallerEndpoint = 'chat' | 'messages';

/** One caller request on either endpoint; returns the status, target and the whole body text. */
export async function callModel(
  gateway: Gateway,
  endpoint: CallerEndpoint,
  model: string,
  stream: boolean,
  text = 'ping',
): Promise<{ status: number; target: string | null; body: string }> {
  const body = { model, stream, max_tokens: 32, messages: [{ role: 'user', content: text }] };
  const request = new Request(
    `http://gateway.test/v1/${endpoint === 'chat' ? 'chat/completions' : 'messages'}`,
    {
      method: 'POST',
      headers: { authorization: 'Bearer caller-key', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
  );
  const response = await (endpoint === 'chat' ? gateway.chatCompletions(request) : gateway.messages(request));
  const answer = await response.text();
  return { status: response.status, target: response.headers.get('x-gateway-target'), body: answer };
}

/** True when a streamed or whole answer completed normally: the emulator's text, its end, no error. */
export function completed(body: string, stream: boolean): boolean {
  const ended = !stream || body.includes('[DONE]') || body.includes('message_stop');
  return ended && body.includes('Hello') && !/"error"\s*:/.test(body) && !body.includes('event: error');
}

export const bedrockRequestsOf = (emulator: EmulatorHandle) =>
  emulator.requests.filter((request) => request.face === 'bedrock');
