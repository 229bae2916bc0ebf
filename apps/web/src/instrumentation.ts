/**
 * Next.js start-up hook: starts OpenTelemetry trace export when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 * Without it nothing is imported (the tracing module is loaded dynamically), so requests pay nothing.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || !process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return;
  const { registerTracing } = await import('./server/governance/tracing/register-tracing');
  await registerTracing();
}
