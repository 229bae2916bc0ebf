import { GatewayError } from '../errors/gateway-error';
import { renderOpenAiError } from '../errors/render-openai-error';
import { redactReasoning } from './build-response-object';
import type { ResponsesStore } from './responses-store';

export type StoredResponseCall = {
  store: ResponsesStore | undefined;
  callerKeyId: string;
  id: string;
  headers?: Headers;
};

/**
 * `GET /v1/responses/<id>` (https://platform.openai.com/docs/api-reference/responses/get): the
 * caller key's own stored response; `include` (query, repeated `include[]=` or a comma list) may
 * ask for `reasoning.encrypted_content`.
 */
export async function handleGetResponse(
  call: StoredResponseCall & { include?: readonly string[] },
): Promise<Response> {
  const headers = new Headers(call.headers);
  const stored = call.store ? await call.store.get(call.callerKeyId, call.id) : undefined;
  if (!stored) return renderOpenAiError(notFound(call.id), headers);
  const response = call.include?.includes('reasoning.encrypted_content')
    ? stored.response
    : redactReasoning(stored.response);
  return Response.json(response, { status: 200, headers });
}

/** `DELETE /v1/responses/<id>`: `{"id","object":"response","deleted":true}`, or 404. */
export async function handleDeleteResponse(call: StoredResponseCall): Promise<Response> {
  const headers = new Headers(call.headers);
  const deleted = call.store ? await call.store.delete(call.callerKeyId, call.id) : false;
  if (!deleted) return renderOpenAiError(notFound(call.id), headers);
  return Response.json({ id: call.id, object: 'response', deleted: true }, { status: 200, headers });
}

/** The `include` values of a GET URL: `include[]=a&include=b,c`. */
export function includeFromUrl(url: URL): string[] {
  return [...url.searchParams.getAll('include'), ...url.searchParams.getAll('include[]')].flatMap((value) =>
    value.split(','),
  );
}

function notFound(id: string): GatewayError {
  return new GatewayError({
    code: 'not_found',
    status: 404,
    message: `Response with id '${id}' not found.`,
    param: 'response_id',
  });
}
