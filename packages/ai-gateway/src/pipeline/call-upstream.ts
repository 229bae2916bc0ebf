import { DEFAULT_LIMITS, type GatewayDeps, type GatewayLimits } from '../gateway-deps';
import type { NativeAction, Upstream, UpstreamOperation } from '../providers/types';
import { buildUpstreamRequest } from '../providers/upstream-request';
import type { AnthropicMessage } from '../translate/anthropic-types';
import { parseUpstreamJson } from '../upstream-answers/parse-upstream-answer';
import { finishUpstreamStream } from './finish-upstream-stream';
import { readBodyChunks, readWholeBody } from './read-body-chunks';
import { sendUpstream } from './send-upstream';
import type { StreamPart } from './stream-part';

/** What one request asks of its upstreams. */
export type UpstreamPlan = {
  /** In the order to try (one today: failover across targets builds on this list). */
  upstreams: readonly Upstream[];
  operation: UpstreamOperation;
  /** For `operation: 'native'`: the caller's Bedrock action. */
  action?: NativeAction;
  /** The body for one upstream, in that upstream's wire format. */
  bodyFor(upstream: Upstream): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** The caller's flag, captured before any transform. */
  stream: boolean;
  callerHeaders: Headers;
  callerSignal: AbortSignal;
  /** Ids for answers the gateway builds itself (translated formats). */
  messageId: string;
  /** The model name the caller sees in translated answers (the public id). */
  model: string;
  /** Observability: each upstream attempt as it starts; the returned function when it ends. */
  onAttempt?: (
    upstream: Upstream,
    attempt: number,
  ) => ((outcome: { status: number; errorCode?: string; retryable?: boolean }) => void) | undefined;
};

/** An upstream's 2xx answer, with what the caller's endpoint may do with it. */
export type UpstreamAnswer = {
  upstream: Upstream;
  response: Response;
  attempts: number;
  /** Aborted when the caller goes away or a timeout fires. */
  upstreamAbort: AbortController;
  /** The raw body as chunks, under the idle timeout (relayed byte for byte). */
  chunks(): AsyncGenerator<Uint8Array>;
  /** The whole raw body as text, under the idle timeout. */
  text(): Promise<string>;
  /** The whole answer in the pivot format, checked by the provider, and the text it came from. */
  message(): Promise<{ text: string; message: AnthropicMessage }>;
  /** The streamed answer in the pivot format, ending with an error part if it did not complete. */
  events(): AsyncGenerator<StreamPart>;
};

export function limitsOf(deps: GatewayDeps): GatewayLimits {
  return { ...DEFAULT_LIMITS, ...deps.limits };
}

/**
 * The one shared upstream call (vercel/ai's `postToApi` shape): the provider builds, authorises,
 * maps failures and decodes; this function owns the transport (abort, timeouts, retries).
 */
export async function callUpstream(deps: GatewayDeps, plan: UpstreamPlan): Promise<UpstreamAnswer> {
  const upstream = plan.upstreams[0];
  if (upstream === undefined) throw new Error('callUpstream needs at least one upstream');
  const { provider, definition, label } = upstream;
  const limits = limitsOf(deps);
  const context = {
    definition,
    operation: plan.operation,
    stream: plan.stream,
    ...(plan.action === undefined ? {} : { action: plan.action }),
  };
  const request = buildUpstreamRequest({
    provider,
    context: { ...context, callerHeaders: plan.callerHeaders },
    body: await plan.bodyFor(upstream),
  });

  const upstreamAbort = new AbortController();
  const onCallerAbort = () => upstreamAbort.abort(plan.callerSignal.reason);
  if (plan.callerSignal.aborted) onCallerAbort();
  else plan.callerSignal.addEventListener('abort', onCallerAbort, { once: true });

  const checkUpstreamUrl = deps.checkUpstreamUrl;
  const { response, attempts } = await sendUpstream({
    request,
    provider,
    context: { ...context, now: deps.now },
    upstreamAbort,
    fetch: deps.fetch,
    limits,
    checkUrl: checkUpstreamUrl
      ? (url) => checkUpstreamUrl(url, { bedrock: provider.hostPolicy === 'aws-bedrock' })
      : undefined,
    sleep: deps.sleep ?? abortableSleep,
    random: deps.random ?? Math.random,
    label,
    ...(plan.onAttempt
      ? {
          onAttempt: (attempt: number) => {
            const ended = plan.onAttempt?.(upstream, attempt);
            return ended
              ? (outcome) =>
                  ended({
                    status: outcome.status,
                    ...(outcome.error
                      ? { errorCode: outcome.error.code, retryable: outcome.error.retryable }
                      : {}),
                  })
              : undefined;
          },
        }
      : {}),
  });

  const decodeContext = { label, headers: response.headers, messageId: plan.messageId, model: plan.model };
  const chunks = () => readBodyChunks(response, upstreamAbort, limits.idleTimeoutMs, label);
  const text = () => readWholeBody(response, upstreamAbort, limits.idleTimeoutMs, label);
  return {
    upstream,
    response,
    attempts,
    upstreamAbort,
    chunks,
    text,
    message: async () => {
      const text = await readWholeBody(response, upstreamAbort, limits.idleTimeoutMs, label);
      const message = provider.decodeChatResponse(parseUpstreamJson(text, label), definition, decodeContext);
      return { text, message };
    },
    events: () => finishUpstreamStream(provider.decodeChatStream(chunks(), definition, decodeContext), label),
  };
}

export function abortableSleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, milliseconds);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
