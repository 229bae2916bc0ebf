import { GatewayError } from '../errors/gateway-error';
import type { CallerKey, GatewayDeps } from '../gateway-deps';

/** The caller's key from `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function extractCallerKey(headers: Headers): string | undefined {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1]) return match[1];
  }
  return headers.get('x-api-key')?.trim() || undefined;
}

export async function authenticateCaller(headers: Headers, deps: GatewayDeps): Promise<CallerKey> {
  const key = extractCallerKey(headers);
  if (key === undefined) {
    throw new GatewayError({
      code: 'authentication_failed',
      status: 401,
      message: 'Missing API key: send it as "Authorization: Bearer <key>" or "x-api-key: <key>".',
    });
  }
  const caller = await deps.verifyCallerKey(key);
  if (caller === undefined) {
    throw new GatewayError({
      code: 'authentication_failed',
      status: 401,
      message: 'Invalid or revoked API key.',
    });
  }
  return caller;
}
