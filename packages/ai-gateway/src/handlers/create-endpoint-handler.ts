import { modeOf } from '../definition/custom-llm-definition-schema';
import { GatewayError, toGatewayError } from '../errors/gateway-error';
import type { CallerKey, ErrorRenderer, GatewayDeps, ResolvedModel } from '../gateway-deps';
import { authenticateCaller } from '../pipeline/authenticate-caller';
import { limitsOf, type UpstreamAnswer, type UpstreamPlan } from '../pipeline/call-upstream';
import { readJsonBody } from '../pipeline/read-json-body';
import { requireModel } from '../pipeline/require-model';
import { upstreamsOf } from '../pipeline/upstreams-of';
import type { ProviderRegistry } from '../providers/get-provider';
import type { Upstream } from '../providers/types';
import type { GatewayEndpoint } from '../usage/usage-record';
import { RequestAccounting } from './request-accounting';
import { resolveModelForCaller } from './resolve-model-for-caller';
import { type SendOptions, sendCallUpstream } from './send-call-upstream';

/** What the core's handlers share: the injected deps and the provider registry built from them. */
export type CoreContext = { deps: GatewayDeps; providers: ProviderRegistry };

/** A caller request after the steps every endpoint shares. */
export type IncomingCall<T> = {
  request: Request;
  caller: CallerKey;
  json: Record<string, unknown>;
  parsed: T;
  /** The caller's flag, captured before any transform: remove_from_body may delete `stream`. */
  stream: boolean;
  resolved: ResolvedModel;
  /** Where this model's requests can go, in the order to try. */
  upstreams: readonly Upstream[];
  accounting: RequestAccounting;
  /** Response headers so far (`x-request-id`, admission's `x-ratelimit-*`). */
  headers: Headers;
  /** Sends the request upstream; `bodyFor` builds the body in each upstream's wire format. */
  send(bodyFor: UpstreamPlan['bodyFor'], options?: SendOptions): Promise<UpstreamAnswer>;
};

type ParsedRequest = { model?: string | null | undefined; stream?: boolean | null | undefined };

/** A rough token count for admission: 4 bytes per input token, plus the output cap. */
function estimateTokens(request: Request, parsed: Record<string, unknown>): number {
  const inputBytes = Number(request.headers.get('content-length')) || 0;
  const outputCap = [parsed.max_tokens, parsed.max_completion_tokens, parsed.max_output_tokens].find(
    (value): value is number => typeof value === 'number' && value > 0,
  );
  return Math.ceil(inputBytes / 4) + (outputCap ?? 0);
}

/**
 * Authentication, body, validation, model resolution, admission, accounting and error rendering,
 * the same for every endpoint; `handle` does what is particular to one wire format. The response
 * is accounted here once, whatever the exit: a stream builder that took it over ends it itself.
 */
export function createEndpointHandler<T extends ParsedRequest>(options: {
  core: CoreContext;
  endpoint: GatewayEndpoint;
  parse: (json: unknown) => T;
  renderError: ErrorRenderer;
  handle: (call: IncomingCall<T>) => Promise<Response>;
  /** What the endpoint serves: `chat` (default) or `embedding` definitions, or `any` (native route). */
  mode?: 'chat' | 'embedding' | 'any';
  /** Replaces the default caller authentication (the native route refuses SigV4 in AWS's words). */
  authenticate?: (request: Request, deps: GatewayDeps) => Promise<CallerKey>;
  /** Replaces the default model resolution (the native route also resolves internal ids). */
  resolve?: (caller: CallerKey, model: string, deps: GatewayDeps) => Promise<ResolvedModel>;
}) {
  const { deps, providers } = options.core;
  return async (request: Request): Promise<Response> => {
    const observation = deps.observer?.requestStarted(request, options.endpoint);
    const accounting = new RequestAccounting(deps, options.endpoint, observation);
    const headers = new Headers({ 'x-request-id': accounting.requestId });
    try {
      const caller = options.authenticate
        ? await options.authenticate(request, deps)
        : await authenticateCaller(request.headers, deps);
      accounting.setCaller(caller);
      const json = await readJsonBody(request, limitsOf(deps).maxBodyBytes);
      const parsed = options.parse(json);
      const stream = parsed.stream === true;
      const model = requireModel(parsed.model ?? undefined);
      const resolved = await (options.resolve ?? resolveModelForCaller)(caller, model, deps);
      accounting.setModel(resolved, stream);
      requireMode(options.mode ?? 'chat', resolved, model);
      const ticket = await deps.admitCaller?.(caller, {
        publicId: resolved.publicId,
        endpoint: options.endpoint,
        estimatedTokens: estimateTokens(request, json),
        pricing: resolved.definition.pricing,
      });
      if (ticket) {
        accounting.setTicket(ticket);
        for (const [name, value] of Object.entries(ticket.headers ?? {})) headers.set(name, value);
      }
      const upstreams = upstreamsOf(resolved, providers);
      const call: IncomingCall<T> = {
        request,
        caller,
        json,
        parsed,
        stream,
        resolved,
        upstreams,
        accounting,
        headers,
        send: (bodyFor, sendOptions) =>
          sendCallUpstream(
            { deps, providers, request, caller, resolved, stream, accounting, observation, headers },
            bodyFor,
            sendOptions,
          ),
      };
      const response = await options.handle(call);
      if (!accounting.streamPending) accounting.finish(response.status);
      return response;
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

/** A chat definition on `/v1/embeddings`, or an embedding one on a chat route, is a 400 that says so. */
function requireMode(expected: 'chat' | 'embedding' | 'any', resolved: ResolvedModel, model: string): void {
  const actual = modeOf(resolved.definition);
  if (expected === 'any' || actual === expected) return;
  throw new GatewayError({
    code: 'invalid_request',
    status: 400,
    param: 'model',
    message:
      actual === 'embedding'
        ? `The model "${model}" is an embedding model (mode "embedding"): call /v1/embeddings with it.`
        : `The model "${model}" is a chat model: /v1/embeddings serves definitions with mode "embedding".`,
  });
}

/** The error's class and message only: never a request body or header. */
export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
