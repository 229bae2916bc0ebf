import { Agent, OpenAIProvider, Runner, setTracingDisabled, tool } from '@openai/agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bedrockDefinition } from './support/definitions';
import { startTestGateway, type TestGateway } from './support/test-gateway';

let gateway: TestGateway;

beforeAll(async () => {
  // No traces leave the test (there is no internet, and they would name OpenAI's platform).
  setTracingDisabled(true);
  gateway = await startTestGateway();
  await gateway.putDefinition('claude', bedrockDefinition(gateway.emulator.url));
});
afterAll(() => gateway?.close());

describe('the OpenAI Agents SDK through /v1/responses to Claude on Bedrock', () => {
  it('runs an agent with a function tool until its final output', async () => {
    const calls: string[] = [];
    const getWeather = tool({
      name: 'get_weather',
      description: 'Current weather for a city',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        calls.push(city);
        return `sunny in ${city}`;
      },
    });
    const agent = new Agent({
      name: 'Weather agent',
      instructions: 'Answer with the weather tool.',
      tools: [getWeather],
      model: 'claude',
    });
    const runner = new Runner({
      modelProvider: new OpenAIProvider({
        apiKey: gateway.callerKey,
        baseURL: `${gateway.url}/api/gateway/v1`,
        useResponses: true,
      }),
    });

    const result = await runner.run(agent, 'Paris');

    expect(calls).toEqual(['Paris']);
    expect(result.finalOutput).toBe('The tool returned: sunny in Paris');
    const paths = gateway.emulator.requests.map((request) => request.path);
    expect(paths).toHaveLength(2);
    expect(paths.every((path) => path.endsWith('/invoke'))).toBe(true);
  });

  it('streams the same run', async () => {
    gateway.emulator.reset();
    const agent = new Agent({
      name: 'Echo agent',
      instructions: 'Reply briefly.',
      tools: [
        tool({
          name: 'lookup',
          description: 'Looks a word up',
          parameters: z.object({ word: z.string() }),
          execute: async ({ word }) => `${word} means hello`,
        }),
      ],
      model: 'claude',
    });
    const runner = new Runner({
      modelProvider: new OpenAIProvider({
        apiKey: gateway.callerKey,
        baseURL: `${gateway.url}/api/gateway/v1`,
        useResponses: true,
      }),
    });
    const stream = await runner.run(agent, 'bonjour', { stream: true });
    for await (const _event of stream) {
      // Drain: the run completes only when the stream is read.
    }
    await stream.completed;
    expect(stream.finalOutput).toBe('The tool returned: bonjour means hello');
  });
});
