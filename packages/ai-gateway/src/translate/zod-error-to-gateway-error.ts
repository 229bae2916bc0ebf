import type { z } from 'zod';
import { formatPath } from '../definition/format-path';
import { GatewayError } from '../errors/gateway-error';

/** The first zod issue as a 400 the caller can act on: the field path goes in `param` and the message. */
export function zodErrorToGatewayError(error: z.ZodError): GatewayError {
  const issue = deepestIssue(error.issues);
  // `messages[2].content`, the `param` form the OpenAI API uses.
  const param = issue ? formatPath(issue.path) : undefined;
  const detail = issue?.message ?? 'Invalid request body.';
  return new GatewayError({
    code: 'invalid_request',
    status: 400,
    message: param ? `Invalid request: ${param}: ${detail}` : `Invalid request: ${detail}`,
    param: param || undefined,
  });
}

type Issue = z.core.$ZodIssue;

/**
 * A union that matches no member reports one `invalid_union` issue holding each member's issues;
 * the most specific (longest path) nested issue says best what is wrong.
 */
function deepestIssue(issues: readonly Issue[]): Issue | undefined {
  let best: Issue | undefined;
  for (const issue of issues) {
    const candidate =
      issue.code === 'invalid_union' && issue.errors.length > 0
        ? (deepestIssue(
            issue.errors.flat().map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })),
          ) ?? issue)
        : issue;
    if (best === undefined || candidate.path.length > best.path.length) best = candidate;
  }
  return best;
}
