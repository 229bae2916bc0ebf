import { GatewayError } from '../errors/gateway-error';

/** Both APIs require `model`; the translators accept bodies without one, the gateway does not. */
export function requireModel(model: string | undefined): string {
  if (typeof model !== 'string' || model.trim() === '') {
    throw new GatewayError({
      code: 'invalid_request',
      status: 400,
      param: 'model',
      message: 'The "model" field is required: use one of the ids from /v1/models.',
    });
  }
  return model;
}
