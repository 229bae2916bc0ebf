import type { CallerKey, GatewayDeps, RequestObservation, ResolvedModel } from '../gateway-deps';
import type { UpstreamAnswer, UpstreamPlan } from '../pipeline/call-upstream';
import { callWithFallbacks, targetLabel } from '../pipeline/call-with-fallbacks';
import type { ProviderRegistry } from '../providers/get-provider';
import type { NativeAction } from '../providers/types';
import type { RequestAccounting } from './request-accounting';

export type SendOptions = {
  operation?: UpstreamPlan['operation'];
  action?: NativeAction;
  /** Instead of the caller's own signal (one request fanning out to many upstream calls). */
  signal?: AbortSignal;
};

/** What one admitted request's `send` needs (create-endpoint-handler.ts builds it once). */
export type SendContext = {
  deps: GatewayDeps;
  providers: ProviderRegistry;
  request: Request;
  caller: CallerKey;
  resolved: ResolvedModel;
  stream: boolean;
  accounting: RequestAccounting;
  observation: RequestObservation | undefined;
  headers: Headers;
};

/**
 * Sends an admitted request to its model's targets (then its fallbacks), each attempt counted and
 * observed, and names the target that answered (`x-gateway-target`, the usage record).
 */
export async function sendCallUpstream(
  context: SendContext,
  bodyFor: UpstreamPlan['bodyFor'],
  options: SendOptions = {},
): Promise<UpstreamAnswer> {
  const { deps, providers, request, caller, resolved, accounting, observation } = context;
  const answer = await callWithFallbacks(deps, providers, caller, resolved, {
    operation: options.operation ?? 'chat',
    ...(options.action === undefined ? {} : { action: options.action }),
    bodyFor,
    stream: context.stream,
    callerHeaders: request.headers,
    callerSignal: options.signal ?? request.signal,
    messageId: `msg_${accounting.requestId}`,
    model: resolved.publicId,
    onAttempt: (upstream, attempt) => {
      accounting.countAttempt(upstream);
      const attemptObservation = observation?.attemptStarted({
        target: upstream.name,
        provider: upstream.provider.id,
        upstreamModel: upstream.definition.internal_id,
        attempt,
      });
      return attemptObservation ? (outcome) => attemptObservation.ended(outcome) : undefined;
    },
  });
  const target = targetLabel(answer.upstream, resolved.publicId);
  accounting.setTarget(target);
  context.headers.set('x-gateway-target', target);
  return answer;
}
