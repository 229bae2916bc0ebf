import { apiAdapterOf } from '../definition/custom-llm-definition-schema';
import { toGatewayError } from '../errors/gateway-error';
import type { GatewayDeps, ResolvedModel } from '../gateway-deps';
import { forwardToUpstream } from './forward-to-upstream';

export type ConnectionTestResult = { ok: boolean; status: number; latency_ms: number; error?: string };

/** The smallest request each wire format accepts: one user word, one output token. */
function minimalBody(adapter: ReturnType<typeof apiAdapterOf>): Record<string, unknown> {
  if (adapter === 'bedrock-converse') {
    return { messages: [{ role: 'user', content: [{ text: 'ping' }] }], inferenceConfig: { maxTokens: 1 } };
  }
  return { messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 };
}

/**
 * Sends a 1-token request through the same path as real traffic (transforms, auth, SSRF policy,
 * error mapping), so "ok" means callers will get through too.
 */
export async function testConnection(
  deps: GatewayDeps,
  resolved: ResolvedModel,
  timeoutMs = 15_000,
): Promise<ConnectionTestResult> {
  const started = deps.now().getTime();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const forward = await forwardToUpstream({
      deps: { ...deps, limits: { ...deps.limits, maxRetries: 0, firstByteTimeoutMs: timeoutMs } },
      resolved,
      body: minimalBody(apiAdapterOf(resolved.definition)),
      stream: false,
      callerHeaders: new Headers(),
      callerSignal: signal,
    });
    await forward.response.body?.cancel();
    return { ok: true, status: forward.response.status, latency_ms: deps.now().getTime() - started };
  } catch (thrown) {
    const error = toGatewayError(thrown);
    const timedOut = signal.aborted;
    return {
      ok: false,
      status: timedOut ? 504 : error.status,
      latency_ms: deps.now().getTime() - started,
      error: timedOut ? `The upstream did not answer within ${timeoutMs / 1000} s.` : error.message,
    };
  }
}
