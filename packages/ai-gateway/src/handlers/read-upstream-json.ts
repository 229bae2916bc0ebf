import { GatewayError } from '../errors/gateway-error';
import type { ForwardResult } from './forward-to-upstream';

/** A whole non-streaming upstream body as JSON; garbage becomes a clear 502. */
export async function readUpstreamJson(
  forward: ForwardResult,
  label: string,
): Promise<{ text: string; json: unknown }> {
  const text = await forward.text();
  try {
    return { text, json: JSON.parse(text) };
  } catch {
    throw new GatewayError({
      code: 'upstream_error',
      status: 502,
      message: `The upstream of "${label}" returned a response that is not valid JSON.`,
    });
  }
}
