import { GatewayError } from '../errors/gateway-error';
import { renderOpenAiError } from '../errors/render-openai-error';
import { parseUpstreamJson } from '../upstream-answers/parse-upstream-answer';
import { EMPTY_USAGE } from '../usage/usage-record';
import { type CoreContext, createEndpointHandler } from './create-endpoint-handler';
import { encodeFloat32Base64, parseEmbeddingsRequest } from './embeddings-request';

/**
 * `POST /v1/embeddings` in OpenAI's shape, for definitions with `mode: "embedding"`. The provider
 * decides how many upstream calls one request takes (Titan: one per text; Cohere: batches of 96)
 * and makes each through the shared upstream call; vectors come back in input order.
 */
export function createEmbeddingsHandler(core: CoreContext) {
  return createEndpointHandler({
    core,
    endpoint: 'embeddings',
    mode: 'embedding',
    parse: parseEmbeddingsRequest,
    renderError: renderOpenAiError,
    handle: async (call) => {
      const { parsed, accounting, headers, resolved } = call;
      const upstream = call.upstreams[0];
      const support = upstream?.provider.embeddings;
      if (upstream === undefined || support === undefined) {
        throw new GatewayError({
          code: 'invalid_request',
          status: 400,
          param: 'model',
          message: `The upstream of "${resolved.publicId}" (${upstream?.provider.id ?? 'none'}) does not serve embeddings.`,
        });
      }
      const result = await support.embed(parsed.embeddings, {
        definition: upstream.definition,
        label: resolved.publicId,
        send: async (body) => {
          // One signal per upstream call, tied to the caller's while it runs: a fan-out of
          // thousands of calls must not leave a listener per call on the caller's signal.
          const callAbort = new AbortController();
          const onCallerAbort = () => callAbort.abort(call.request.signal.reason);
          if (call.request.signal.aborted) onCallerAbort();
          call.request.signal.addEventListener('abort', onCallerAbort, { once: true });
          try {
            const answer = await call.send(() => body, { operation: 'embeddings', signal: callAbort.signal });
            const json = parseUpstreamJson(await answer.text(), resolved.publicId);
            return { json, headers: answer.response.headers };
          } finally {
            call.request.signal.removeEventListener('abort', onCallerAbort);
          }
        },
      });
      accounting.addUsage({ ...EMPTY_USAGE, input_tokens: result.promptTokens });
      accounting.markFirstByte();
      return Response.json(
        {
          object: 'list',
          data: result.vectors.map((vector, index) => ({
            object: 'embedding',
            index,
            embedding: parsed.encodingFormat === 'base64' ? encodeFloat32Base64(vector) : vector,
          })),
          model: resolved.publicId,
          usage: { prompt_tokens: result.promptTokens, total_tokens: result.promptTokens },
        },
        { status: 200, headers },
      );
    },
  });
}
