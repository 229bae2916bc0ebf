import { type TextMapPropagator, trace } from '@opentelemetry/api';
import type { GatewayObserver } from '../core-contract';
import { createTracingObserver } from './tracing-observer';

type TracingHandle = { observer: GatewayObserver; shutdown(): Promise<void> };

const TRACING_KEY = Symbol.for('ai-gateway.tracing');
type GlobalWithTracing = typeof globalThis & { [TRACING_KEY]?: Promise<TracingHandle> };

/**
 * Starts OTLP/HTTP trace export (the endpoint and headers come from the standard
 * OTEL_EXPORTER_OTLP_* variables, read by the exporter). Loaded only through a dynamic import
 * when OTEL_EXPORTER_OTLP_ENDPOINT is set, so without it none of OpenTelemetry is loaded. Called
 * from Next's instrumentation.ts and from the runtime; idempotent per process.
 */
export function registerTracing(
  serviceName = process.env.OTEL_SERVICE_NAME ?? 'ai-gateway',
): Promise<TracingHandle> {
  const holder = globalThis as GlobalWithTracing;
  holder[TRACING_KEY] ??= (async () => {
    const [
      { TracerProvider, BatchSpanProcessor },
      { OTLPTraceExporter },
      { resourceFromAttributes },
      { W3CTraceContextPropagator },
    ] = await Promise.all([
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/core'),
    ]);
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName }),
      spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
    });
    trace.setGlobalTracerProvider(provider);
    const propagator: TextMapPropagator = new W3CTraceContextPropagator();
    return {
      observer: createTracingObserver({ tracer: provider.getTracer('ai-gateway'), propagator }),
      shutdown: () => provider.shutdown(),
    };
  })();
  return holder[TRACING_KEY];
}
