import type { z } from 'zod';
import { formatPath } from '../definition/format-path';
import { GatewayError } from '../errors/gateway-error';

/**
 * Parses an upstream's JSON with its schema. A wrong shape is a 502 that names the model and the
 * first offending path (never the upstream's values: they may quote the prompt).
 */
export function parseUpstreamAnswer<T extends z.ZodType>(
  schema: T,
  json: unknown,
  label: string,
): z.infer<T> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue && formatPath(issue.path)) || '(root)';
  throw unexpectedAnswer(label, `${path} ${issue?.message ?? 'is invalid'}`);
}

export function unexpectedAnswer(label: string, detail: string): GatewayError {
  return new GatewayError({
    code: 'upstream_error',
    status: 502,
    message: `The upstream of "${label}" answered in an unexpected shape (${detail}).`,
  });
}

/** The whole text of a non-streaming answer as JSON; garbage becomes a clear 502. */
export function parseUpstreamJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new GatewayError({
      code: 'upstream_error',
      status: 502,
      message: `The upstream of "${label}" returned a response that is not valid JSON.`,
    });
  }
}
