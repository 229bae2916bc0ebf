import { type ApiAdapter, apiAdapterOf } from '../definition/custom-llm-definition-schema';
import { GatewayError, toGatewayError } from '../errors/gateway-error';
import type { ErrorRenderer, GatewayDeps, ResolvedModel } from '../gateway-deps';
import { authenticateCaller } from '../pipeline/authenticate-caller';
import { readJsonBody } from '../pipeline/read-json-body';
import { readUpstreamEvents } from '../pipeline/read-upstream-events';
import { requireModel } from '../pipeline/require-model';
import { respondWithStream } from '../pipeline/respond-with-stream';
import type { StreamEncoder } from '../pipeline/stream-encoders';
import { createUsageAccumulator } from '../translate';
import type { UsageRecord } from '../usage/usage-record';
import { type ForwardResult, forwardToUpstream, limitsOf } from './forward-to-upstream';
import { RequestAccounting } from './request-accounting';
import { resolveModelForCaller } from './resolve-model-for-caller';

/** A caller request after the steps every endpoint shares. */
export type IncomingCall<T> = {
  request: Request;
  json: Record<string, unknown>;
  parsed: T;
  /** The caller's flag, captured before any transform: remove_from_body may delete `stream`. */
  stream: boolean;
  resolved: ResolvedModel;
  adapter: ApiAdapter;
  accounting: RequestAccounting;
  /** Response headers so far (`x-request-id`). */
  headers: Headers;
};

type ParsedRequest = { model?: string | null | undefined; stream?: boolean | null | undefined };

/**
 * Authentication, body, validation, model resolution and error rendering, the same for every
 * endpoint; `handle` does what is particular to one wire format.
 */
export function createEndpointHandler<T extends ParsedRequest>(options: {
  deps: GatewayDeps;
  endpoint: UsageRecord['endpoint'];
  parse: (json: unknown) => T;
  renderError: ErrorRenderer;
  handle: (call: IncomingCall<T>) => Promise<Response>;
}) {
  const { deps } = options;
  return async (request: Request): Promise<Response> => {
    const accounting = new RequestAccounting(deps, options.endpoint);
    const headers = new Headers({ 'x-request-id': accounting.requestId });
    try {
      const caller = await authenticateCaller(request.headers, deps);
      accounting.setCaller(caller);
      const json = await readJsonBody(request, limitsOf(deps).maxBodyBytes);
      const parsed = options.parse(json);
      const stream = parsed.stream === true;
      const resolved = await resolveModelForCaller(caller, requireModel(parsed.model ?? undefined), deps);
      accounting.setModel(resolved, stream);
      const adapter = apiAdapterOf(resolved.definition);
      return await options.handle({ request, json, parsed, stream, resolved, adapter, accounting, headers });
    } catch (thrown) {
      const error = toGatewayError(thrown);
      if (error.code === 'internal_error' && !(thrown instanceof GatewayError)) {
        deps.logger?.error(
          { requestId: accounting.requestId, err: describe(thrown) },
          `${options.endpoint} failed`,
        );
      }
      accounting.finish(error.status, error);
      return options.renderError(error, headers);
    }
  };
}

/** Sends the call's body (already in the upstream's format) upstream. */
export function forwardCall(
  deps: GatewayDeps,
  call: IncomingCall<unknown>,
  body: Record<string, unknown>,
): Promise<ForwardResult> {
  return forwardToUpstream({
    deps,
    resolved: call.resolved,
    body,
    stream: call.stream,
    callerHeaders: call.request.headers,
    callerSignal: call.request.signal,
  });
}

/** Any upstream stream, normalised to pivot events and re-encoded for the caller, usage counted. */
export function streamToCaller(
  call: IncomingCall<unknown>,
  forward: ForwardResult,
  encoder: StreamEncoder,
  renderError: ErrorRenderer,
): Promise<Response> {
  const { accounting } = call;
  const usage = createUsageAccumulator();
  return respondWithStream({
    parts: readUpstreamEvents(forward.chunks(), forward.streamFormat, call.resolved.publicId),
    encoder,
    headers: call.headers,
    renderError,
    upstreamAbort: forward.upstreamAbort,
    onEvent: (part) => {
      accounting.markFirstByte();
      if (part.type === 'event') {
        usage.push(part.event);
        accounting.addUsage(usage.current());
      }
    },
    onEnd: ({ error }) => accounting.finish(error ? error.status : 200, error),
  });
}

/** The error's class and message only: never a request body or header. */
export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
