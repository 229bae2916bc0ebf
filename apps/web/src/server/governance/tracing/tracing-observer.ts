import {
  type Attributes,
  type Context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  type TextMapPropagator,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { GatewayEndpoint, GatewayObserver, RequestObservation } from '../core-contract';

/** `gen_ai.operation.name` per endpoint (GenAI semantic conventions' well-known values). */
const OPERATION: Record<GatewayEndpoint, string> = {
  'chat.completions': 'chat',
  messages: 'chat',
  responses: 'chat',
  bedrock: 'chat',
  embeddings: 'embeddings',
  count_tokens: 'count_tokens',
};

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};

/**
 * One span per gateway request (kind SERVER, child of the caller's W3C `traceparent` when it sends
 * one) and one CLIENT child per upstream attempt, with the GenAI semantic-convention attributes
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/). Only identifiers the gateway
 * owns, counts and codes become attributes: never prompt or completion text, headers or keys.
 */
export function createTracingObserver(options: {
  tracer: Tracer;
  propagator: TextMapPropagator;
}): GatewayObserver {
  const { tracer, propagator } = options;
  return {
    requestStarted(request, endpoint): RequestObservation {
      const parent: Context = propagator.extract(ROOT_CONTEXT, request.headers, headerGetter);
      const operation = OPERATION[endpoint] ?? 'chat';
      const span = tracer.startSpan(
        operation,
        {
          kind: SpanKind.SERVER,
          attributes: { 'gen_ai.operation.name': operation, 'gateway.endpoint': endpoint },
        },
        parent,
      );
      const requestContext = trace.setSpan(parent, span);
      let provider: string | undefined;
      return {
        attemptStarted(attempt) {
          provider = attempt.provider;
          const child: Span = tracer.startSpan(
            `${operation} ${attempt.upstreamModel}`,
            {
              kind: SpanKind.CLIENT,
              attributes: {
                'gen_ai.operation.name': operation,
                'gen_ai.provider.name': attempt.provider,
                'gen_ai.request.model': attempt.upstreamModel,
                'gateway.target': attempt.target,
                'gateway.attempt': attempt.attempt,
              },
            },
            requestContext,
          );
          return {
            ended(outcome) {
              child.setAttribute('http.response.status_code', outcome.status);
              if (outcome.errorCode !== undefined || outcome.status >= 400) {
                child.setAttribute('error.type', outcome.errorCode ?? String(outcome.status));
                child.setStatus({ code: SpanStatusCode.ERROR });
              }
              child.end();
            },
          };
        },
        ended(record, extra) {
          const attributes: Attributes = {
            'gen_ai.usage.input_tokens': record.usage.input_tokens,
            'gen_ai.usage.output_tokens': record.usage.output_tokens,
            'http.response.status_code': record.status,
            'gateway.request_id': record.requestId,
            'gateway.stream': record.stream,
            'gateway.attempts': record.attempts,
          };
          if (record.publicId !== undefined) {
            attributes['gen_ai.request.model'] = record.publicId;
            span.updateName(`${operation} ${record.publicId}`);
          }
          if (provider !== undefined) attributes['gen_ai.provider.name'] = provider;
          if (extra.responseModel !== undefined) attributes['gen_ai.response.model'] = extra.responseModel;
          if (extra.finishReason !== undefined)
            attributes['gen_ai.response.finish_reasons'] = [extra.finishReason];
          if (record.target !== undefined) attributes['gateway.target'] = record.target;
          if (record.apiKeyId !== undefined) attributes['gateway.api_key_id'] = record.apiKeyId;
          if (record.usage.cache_read_input_tokens) {
            attributes['gen_ai.usage.cache_read.input_tokens'] = record.usage.cache_read_input_tokens;
          }
          if (record.costUsd !== undefined) attributes['gateway.cost_usd'] = record.costUsd;
          if (record.errorCode !== undefined) {
            // The error code only: messages may quote upstream text.
            attributes['error.type'] = record.errorCode;
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.setAttributes(attributes);
          span.end();
        },
      };
    },
  };
}
