import { GatewayError } from '../errors/gateway-error';
import type { ForwardResult } from './forward-to-upstream';

/** A whole non-streaming upstream body as JSON; garbage becomes a clear 502. */
export async function readUpstreamJson(
  forward: ForwardResult,
  label: string,
): Promise<{ text: string; json: unknown }> {
  const parts: Uint8Array[] = [];
  for await (const chunk of forward.chunks()) parts.push(chunk);
  const text = Buffer.concat(parts).toString('utf8');
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
