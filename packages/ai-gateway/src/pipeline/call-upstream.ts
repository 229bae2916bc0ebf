import { type GatewayError, toGatewayError } from '../errors/gateway-error';
import { DEFAULT_LIMITS, type GatewayDeps, type GatewayLimits } from '../gateway-deps';
import type { NativeAction, Upstream, UpstreamHttpRequest, UpstreamOperation } from '../providers/types';
import { buildUpstreamRequest } from '../providers/upstream-request';
import { type RoutedUpstream, selectUpstreams } from '../routing/select-upstreams';
import type { AnthropicMessage } from '../translate/anthropic-types';
import { parseUpstreamJson } from '../upstream-answers/parse-upstream-answer';
import { finishUpstreamStream } from './finish-upstream-stream';
import { peekStream } from './peek-stream';
import { readBodyChunks, readWholeBody } from './read-body-chunks';
import { abortReason, canFailOver, retryDelay, sendAttempt } from './send-upstream';
import type { StreamPart } from './stream-part';

/** What one request asks of its upstreams. */
export type UpstreamPlan = {
  /** The model's targets; `callUpstream` picks the order (priority, weight, health). */
  upstreams: readonly RoutedUpstream[];
  operation: UpstreamOperation;
  /** For `operation: 'native'`: the caller's Bedrock action. */
  action?: NativeAction;
  /** The body for one upstream, in that upstream's wire format (built once per upstream tried). */
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
  /** Attempts made for this answer, across targets. */
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
 * maps failures and decodes; this function owns the transport and the failover across targets.
 *
 * Targets are tried in `selectUpstreams` order; a failure another target may not share (429, 5xx,
 * timeout, connection error, or a stream that opens with a throttling or unavailable exception)
 * moves on at once to the next target, re-signed with its own credentials; coming back to a target
 * already tried waits for its `retry-after` or a backoff. `1 + maxRetries` attempts in all. A
 * failure that is the request's fault (400, 401/403, content filter) is never tried elsewhere.
 * Nothing has reached the caller before this returns.
 */
export async function callUpstream(deps: GatewayDeps, plan: UpstreamPlan): Promise<UpstreamAnswer> {
  if (plan.upstreams.length === 0) throw new Error('callUpstream needs at least one upstream');
  const limits = limitsOf(deps);
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? abortableSleep;
  const health = deps.targetHealth;
  const order = selectUpstreams(plan.upstreams, health, deps.now().getTime(), random);
  const budget = 1 + limits.maxRetries;
  const requests = new Map<Upstream, UpstreamHttpRequest>();
  const tries = new Map<Upstream, { count: number; failure: GatewayError }>();
  let last: { failure: GatewayError } | undefined;

  for (let attempt = 1; attempt <= budget; attempt++) {
    const upstream = order[(attempt - 1) % order.length] as RoutedUpstream;
    const previous = tries.get(upstream);
    if (previous !== undefined) {
      const delay = retryDelay(previous.failure, previous.count, limits, random);
      if (delay === undefined) break;
      await sleep(delay, plan.callerSignal);
    }
    if (plan.callerSignal.aborted) throw abortReason(plan.callerSignal, upstream.label);

    let request = requests.get(upstream);
    if (request === undefined) {
      request = buildUpstreamRequest({
        provider: upstream.provider,
        context: { ...contextOf(upstream, plan), callerHeaders: plan.callerHeaders },
        body: await plan.bodyFor(upstream),
        onPassthroughDropped: (dropped) =>
          deps.logger?.debug?.(
            { model: plan.model, target: upstream.name, ...dropped },
            "betas and fields the definition's caller_passthrough denies were left out",
          ),
      });
      requests.set(upstream, request);
    }

    const attemptAbort = new AbortController();
    const onCallerAbort = () => attemptAbort.abort(plan.callerSignal.reason);
    plan.callerSignal.addEventListener('abort', onCallerAbort, { once: true });
    const ended = plan.onAttempt?.(upstream, attempt);
    let outcome: TryOutcome;
    try {
      outcome = await tryUpstream(deps, plan, upstream, request, attemptAbort, limits, attempt < budget);
    } catch (error) {
      // Not the upstream's doing (credentials could not be resolved, the SSRF policy refused the
      // URL): the same for every retry, so it ends the call.
      plan.callerSignal.removeEventListener('abort', onCallerAbort);
      const failure = toGatewayError(error);
      ended?.({ status: failure.status, errorCode: failure.code, retryable: false });
      throw error;
    }
    const nowMs = deps.now().getTime();
    if (outcome.ok) {
      ended?.({ status: outcome.answer.response.status });
      health?.recordSuccess(upstream.healthKey, nowMs);
      return { ...outcome.answer, attempts: attempt };
    }
    plan.callerSignal.removeEventListener('abort', onCallerAbort);
    const { failure } = outcome;
    ended?.({ status: failure.status, errorCode: failure.code, retryable: failure.retryable });
    if (plan.callerSignal.aborted) throw abortReason(plan.callerSignal, upstream.label);
    if (!canFailOver(failure, outcome.upstreamStatus)) throw failure;
    health?.recordFailure(
      upstream.healthKey,
      { status: failure.status, retryAfterMs: outcome.retryAfterMs },
      nowMs,
    );
    tries.set(upstream, { count: (previous?.count ?? 0) + 1, failure });
    last = { failure };
  }
  if (last === undefined) throw new Error('callUpstream made no attempt');
  exhaustedFailures.add(last.failure);
  throw last.failure;
}

const exhaustedFailures = new WeakSet<GatewayError>();

/** True for the failure `callUpstream` throws after every try failed in a way another model may not share. */
export function isExhaustedFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && exhaustedFailures.has(error as GatewayError);
}

type TryOutcome =
  | { ok: true; answer: Omit<UpstreamAnswer, 'attempts'> }
  | { ok: false; failure: GatewayError; upstreamStatus?: number; retryAfterMs?: number | undefined };

/** One attempt; a stream is peeked at its first part when another attempt could still follow. */
async function tryUpstream(
  deps: GatewayDeps,
  plan: UpstreamPlan,
  upstream: Upstream,
  request: UpstreamHttpRequest,
  attemptAbort: AbortController,
  limits: GatewayLimits,
  canTryAgain: boolean,
): Promise<TryOutcome> {
  const { provider, definition, label } = upstream;
  const checkUpstreamUrl = deps.checkUpstreamUrl;
  const result = await sendAttempt({
    request,
    provider,
    context: { ...contextOf(upstream, plan), now: deps.now },
    attemptAbort,
    fetch: deps.fetch,
    limits,
    checkUrl: checkUpstreamUrl
      ? (url) => checkUpstreamUrl(url, { bedrock: provider.hostPolicy === 'aws-bedrock' })
      : undefined,
    label,
  });
  if (!result.ok) return result;
  const { response } = result;
  const decodeContext = {
    label,
    headers: response.headers,
    messageId: plan.messageId,
    model: plan.model,
    maxEventBytes: limits.maxUpstreamEventBytes,
  };
  let chunks = () => readBodyChunks(response, attemptAbort, limits.idleTimeoutMs, label);
  if (plan.stream && canTryAgain) {
    const responses = plan.operation === 'responses' ? provider.responses : undefined;
    const peeked = await peekStream(chunks(), (source) =>
      responses
        ? responses.relayStream(source, decodeContext)
        : provider.decodeChatStream(source, definition, decodeContext),
    );
    if (peeked.firstError !== undefined && canFailOver(peeked.firstError)) {
      attemptAbort.abort();
      await peeked.chunks().return(undefined);
      return { ok: false, failure: peeked.firstError };
    }
    let replay: AsyncGenerator<Uint8Array> | undefined = peeked.chunks();
    chunks = () => {
      const once = replay ?? readBodyChunks(response, attemptAbort, limits.idleTimeoutMs, label);
      replay = undefined;
      return once;
    };
  }
  const text = () =>
    readWholeBody(response, attemptAbort, limits.idleTimeoutMs, label, limits.maxUpstreamBodyBytes);
  return {
    ok: true,
    answer: {
      upstream,
      response,
      upstreamAbort: attemptAbort,
      chunks,
      text,
      message: async () => {
        const text = await readWholeBody(
          response,
          attemptAbort,
          limits.idleTimeoutMs,
          label,
          limits.maxUpstreamBodyBytes,
        );
        const message = provider.decodeChatResponse(
          parseUpstreamJson(text, label),
          definition,
          decodeContext,
        );
        return { text, message };
      },
      events: () =>
        finishUpstreamStream(provider.decodeChatStream(chunks(), definition, decodeContext), label),
    },
  };
}

function contextOf(upstream: Upstream, plan: UpstreamPlan) {
  return {
    definition: upstream.definition,
    operation: plan.operation,
    stream: plan.stream,
    ...(plan.action === undefined ? {} : { action: plan.action }),
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
