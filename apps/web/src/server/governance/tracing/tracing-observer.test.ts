import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import type { UsageRecord } from '../core-contract';
import { createTracingObserver } from './tracing-observer';

const CALLER_TEXT = 'my secret plan for world domination';
const CALLER_KEY = 'sk-gw-callerkeythatmustnotleak';

function record(overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    requestId: 'req-1',
    apiKeyId: 'key-1',
    publicId: 'team/claude',
    upstreamModel: 'anthropic.claude-x',
    endpoint: 'messages',
    status: 200,
    usage: {
      input_tokens: 12,
      output_tokens: 34,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    },
    costUsd: 0.001,
    ttfbMs: 5,
    latencyMs: 20,
    stream: true,
    errorCode: undefined,
    startedAt: new Date(),
    target: 'primary',
    attempts: 2,
    errorMessage: undefined,
    ...overrides,
  };
}

function setUp() {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const observer = createTracingObserver({
    tracer: provider.getTracer('test'),
    propagator: new W3CTraceContextPropagator(),
  });
  return { exporter, observer };
}

describe('createTracingObserver', () => {
  it('makes a request span under the caller traceparent and a child per attempt, GenAI attributes, no caller text', () => {
    const { exporter, observer } = setUp();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const request = new Request('http://gateway/api/gateway/v1/messages', {
      method: 'POST',
      headers: {
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        authorization: `Bearer ${CALLER_KEY}`,
      },
      body: JSON.stringify({ messages: [{ role: 'user', content: CALLER_TEXT }] }),
    });
    const observation = observer.requestStarted(request, 'messages');
    const first = observation?.attemptStarted({
      target: 'primary',
      provider: 'bedrock',
      upstreamModel: 'm-1',
      attempt: 1,
    });
    first?.ended({ status: 503, errorCode: 'upstream_unavailable', retryable: true });
    const second = observation?.attemptStarted({
      target: 'backup',
      provider: 'anthropic',
      upstreamModel: 'm-2',
      attempt: 2,
    });
    second?.ended({ status: 200 });
    observation?.ended(record(), { finishReason: 'end_turn', responseModel: 'claude-x-2026' });

    const spans = exporter.getFinishedSpans();
    expect(spans).toHaveLength(3);
    const root = spans.find((span) => span.name === 'chat team/claude');
    expect(root?.spanContext().traceId).toBe(traceId);
    expect(root?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(root?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'team/claude',
      'gen_ai.response.model': 'claude-x-2026',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 34,
      'gen_ai.response.finish_reasons': ['end_turn'],
    });
    const attempts = spans.filter((span) => span !== root);
    expect(attempts.map((span) => span.parentSpanContext?.spanId)).toEqual([
      root?.spanContext().spanId,
      root?.spanContext().spanId,
    ]);
    expect(attempts[0]?.attributes).toMatchObject({
      'error.type': 'upstream_unavailable',
      'gen_ai.provider.name': 'bedrock',
    });
    const everything = JSON.stringify(spans.map((span) => [span.name, span.attributes, span.events]));
    expect(everything).not.toContain(CALLER_TEXT);
    expect(everything).not.toContain(CALLER_KEY);
  });

  it('starts a new trace without traceparent and marks errors with error.type', () => {
    const { exporter, observer } = setUp();
    const observation = observer.requestStarted(new Request('http://gateway/'), 'chat.completions');
    observation?.ended(
      record({ status: 429, errorCode: 'rate_limit_exceeded', endpoint: 'chat.completions' }),
      {},
    );
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext).toBeUndefined();
    expect(span?.attributes['error.type']).toBe('rate_limit_exceeded');
    expect(span?.status.code).toBe(2);
  });
});
