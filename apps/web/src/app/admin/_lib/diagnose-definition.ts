import { inferenceProfileWarning, validateDefinition } from '@gateway/ai-gateway/definition';
import { locateJsonValues, rangeForIssue } from './json-locations';

export type Problem = {
  severity: 'error' | 'warning';
  path: string;
  message: string;
  from: number;
  to: number;
  source: 'json' | 'schema' | 'server' | 'advice';
};

export type Diagnosis = { problems: Problem[]; valid: boolean; parsed?: unknown };

/** `at position 42` in V8's JSON.parse messages, old and new. */
function syntaxErrorPosition(error: unknown, text: string): number {
  const match = /position (\d+)/.exec(String((error as Error)?.message ?? ''));
  return match ? Math.min(Number(match[1]), text.length) : text.length;
}

/**
 * Everything the editor marks: a JSON syntax error, then the definition schema's issues (the same
 * zod schema the server runs) at their paths, then advice that does not block a save.
 */
export function diagnoseDefinition(
  text: string,
  serverIssues: readonly { path: string; message: string }[] = [],
): Diagnosis {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = syntaxErrorPosition(error, text);
    const message = String((error as Error).message).replace(/^JSON\.parse: /, '');
    return {
      valid: false,
      problems: [
        {
          severity: 'error',
          path: '(json)',
          message: `Not valid JSON: ${message}`,
          from: Math.max(0, Math.min(position, text.length - 1)),
          to: Math.min(position + 1, text.length),
          source: 'json',
        },
      ],
    };
  }
  const locations = locateJsonValues(text);
  const at = (path: string) => rangeForIssue(text, path, locations);
  const problems: Problem[] = [];
  const result = validateDefinition(parsed);
  if (!result.success) {
    for (const issue of result.issues) {
      problems.push({ severity: 'error', source: 'schema', ...issue, ...at(issue.path) });
    }
  }
  for (const issue of serverIssues) {
    if (problems.some((problem) => problem.path === issue.path && problem.message === issue.message))
      continue;
    problems.push({ severity: 'error', source: 'server', ...issue, ...at(issue.path) });
  }
  if (result.success && result.definition.aws_bedrock) {
    const warning = inferenceProfileWarning(
      result.definition.internal_id,
      result.definition.aws_bedrock.region,
    );
    if (warning)
      problems.push({
        severity: 'warning',
        source: 'advice',
        path: 'internal_id',
        message: warning,
        ...at('internal_id'),
      });
  }
  return { valid: problems.every((problem) => problem.severity !== 'error'), problems, parsed };
}
