import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApi } from '@/server/admin/admin-api';
import { createGovernanceApi } from '@/server/admin/governance-api';
import { createTracingObserver } from '@/server/governance/tracing/tracing-observer';
import { chat } from '../faults/support/gateway-calls';
import { openAiDefinition } from '../support/definitions';
import { startTestGateway, type TestGateway } from '../support/test-gateway';
import { createKey, eventually, governanceCalls, parseFamilies, sampleSum } from './governance-support';

const METRICS_TOKEN = 'metrics-scraper-token-0123456789';
const CALLER_TEXT = 'the quarterly numbers nobody may see';

const exporter = new InMemorySpanExporter();
let gateway: TestGateway;
beforeAll(async () => {
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  gateway = await startTestGateway({
    env: { GATEWAY_METRICS_TOKEN: METRICS_TOKEN, GATEWAY_MAX_RETRIES: '0' },
    overrides: {
      observers: [
        createTracingObserver({
          tracer: provider.getTracer('test'),
          propagator: new W3CTraceContextPropagator(),
        }),
      ],
    },
    extraSecrets: [METRICS_TOKEN],
  });
  await gateway.putDefinition(
    'gpt',
    openAiDefinition(gateway.emulator.url, { pricing: { prompt: '0.001', completion: '0.002' } }),
  );
});
afterAll(() => gateway?.close());

describe('GET /api/metrics', () => {
  it('counts the requests made, by model, endpoint and status class, with bounded labels', async () => {
    const { key } = await createKey(gateway, { rpm: 3 });
    const statuses: number[] = [];
    for (let index = 0; index < 4; index++) {
      const response = await chat(gateway, 'gpt', { key, content: CALLER_TEXT, stream: index === 1 });
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    // A model nobody configured: caller input must not become a label value.
    await (await chat(gateway, 'caller-made-up-model-name', { key })).arrayBuffer();
    expect(statuses).toEqual([200, 200, 200, 429]);

    const api = createGovernanceApi(gateway.runtime, createAdminApi(gateway.runtime));
    const unauthorized = await api.metrics(new Request('http://gateway.test/api/metrics'));
    expect(unauthorized.status).toBe(401);
    const scrape = await api.metrics(
      new Request('http://gateway.test/api/metrics', {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      }),
    );
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    const text = await scrape.text();
    const families = parseFamilies(text);
    expect(families.map((family) => family.name)).toEqual(
      expect.arrayContaining([
        'gateway_requests_total',
        'gateway_request_duration_seconds',
        'gateway_time_to_first_byte_seconds',
        'gateway_tokens_total',
        'gateway_cost_usd_total',
        'gateway_upstream_errors_total',
        'gateway_upstream_retries_total',
        'gateway_failovers_total',
        'gateway_cooldowns_total',
        'gateway_requests_in_flight',
        'gateway_streams_open',
        'gateway_limit_rejections_total',
        'gateway_usage_queue_depth',
        'gateway_usage_write_failures',
        'gateway_database_up',
      ]),
    );
    expect(sampleSum(text, 'gateway_requests_total', { model: 'gpt', status_class: '2xx' })).toBe(3);
    // The refused request and the made-up model (today's core records a refusal before it names
    // the model, so both count under "unknown").
    expect(sampleSum(text, 'gateway_requests_total', { status_class: '4xx' })).toBe(2);
    expect(
      sampleSum(text, 'gateway_requests_total', { model: 'unknown', status_class: '4xx' }),
    ).toBeGreaterThanOrEqual(1);
    expect(sampleSum(text, 'gateway_requests_total')).toBe(5);
    expect(sampleSum(text, 'gateway_limit_rejections_total', { limit: 'rpm' })).toBe(1);
    expect(sampleSum(text, 'gateway_tokens_total', { model: 'gpt', direction: 'output' })).toBeGreaterThan(0);
    expect(sampleSum(text, 'gateway_cost_usd_total', { model: 'gpt' })).toBeGreaterThan(0);
    expect(sampleSum(text, 'gateway_database_up')).toBe(1);
    expect(sampleSum(text, 'gateway_requests_in_flight')).toBe(0);
    expect(text).not.toContain('caller-made-up-model-name');
    expect(text).not.toContain(CALLER_TEXT);
    // No Redis configured: the Redis gauge has no sample.
    expect(text).not.toMatch(/^gateway_redis_up \d/m);

    const viaAdmin = await governanceCalls(gateway).metricsText();
    expect(sampleSum(viaAdmin, 'gateway_requests_total')).toBe(5);
  });
});

describe('OpenTelemetry spans', () => {
  it('one span per request with GenAI attributes and none of the caller text or key', async () => {
    exporter.reset();
    const { key } = await createKey(gateway);
    const response = await chat(gateway, 'gpt', { key, content: CALLER_TEXT });
    await response.arrayBuffer();
    await eventually(() => exporter.getFinishedSpans().some((entry) => entry.name === 'chat gpt'));
    const spans = exporter.getFinishedSpans();
    const span = spans.find((entry) => entry.name === 'chat gpt');
    // One span for the request and a child per upstream attempt.
    const attempts = spans.filter((entry) => entry !== span);
    expect(attempts).toHaveLength(1);
    expect(
      attempts[0]?.parentSpanContext?.spanId ?? (attempts[0] as { parentSpanId?: string }).parentSpanId,
    ).toBe(span?.spanContext().spanId);
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt',
      'http.response.status_code': 200,
    });
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    const everything = JSON.stringify(
      exporter.getFinishedSpans().map((entry) => [entry.name, entry.attributes]),
    );
    expect(everything).not.toContain(CALLER_TEXT);
    expect(everything).not.toContain(key);
  });
});
