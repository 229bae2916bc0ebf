import { toGatewayError } from '../errors/gateway-error';
import type { ResolvedModel } from '../gateway-deps';
import { callUpstream } from '../pipeline/call-upstream';
import { upstreamsOf } from '../pipeline/upstreams-of';
import type { CoreContext } from './create-endpoint-handler';

export type ConnectionTestResult = { ok: boolean; status: number; latency_ms: number; error?: string };

/**
 * Sends a 1-token request through the same path as real traffic (provider encoding, transforms,
 * auth, SSRF policy, error mapping), so "ok" means callers will get through too.
 */
export async function testConnection(
  { deps, providers }: CoreContext,
  resolved: ResolvedModel,
  timeoutMs = 15_000,
): Promise<ConnectionTestResult> {
  const started = deps.now().getTime();
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const answer = await callUpstream(
      { ...deps, limits: { ...deps.limits, maxRetries: 0, firstByteTimeoutMs: timeoutMs } },
      {
        upstreams: upstreamsOf(resolved, providers),
        operation: 'chat',
        // The smallest request every wire format accepts: one user word, one output token.
        bodyFor: ({ provider, definition }) =>
          provider.encodeChatRequest(
            { messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 },
            definition,
          ),
        stream: false,
        callerHeaders: new Headers(),
        callerSignal: signal,
        messageId: 'msg_connection_test',
        model: resolved.publicId,
      },
    );
    await answer.response.body?.cancel();
    return { ok: true, status: answer.response.status, latency_ms: deps.now().getTime() - started };
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
