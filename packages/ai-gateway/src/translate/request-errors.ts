import { GatewayError } from '../errors/gateway-error';

/** A 400 for a request the gateway understood but cannot accept as written. */
export function invalidRequest(message: string, param?: string): GatewayError {
  return new GatewayError({ code: 'invalid_request', status: 400, message, param });
}

/** A 400 for a parameter the upstream cannot honour and that would change the answer if ignored. */
export function unsupportedParameter(param: string, reason: string): GatewayError {
  return new GatewayError({
    code: 'unsupported_parameter',
    status: 400,
    message: `Unsupported parameter '${param}': ${reason}`,
    param,
  });
}
