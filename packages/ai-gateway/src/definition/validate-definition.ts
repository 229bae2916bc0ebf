import type { z } from 'zod';
import { type CustomLlmDefinition, CustomLlmDefinitionSchema } from './custom-llm-definition-schema';
import { formatPath } from './format-path';

export type DefinitionIssue = { path: string; message: string };

export type DefinitionValidation =
  | { success: true; definition: CustomLlmDefinition }
  | { success: false; issues: DefinitionIssue[] };

/** Formats a zod path as `aws_bedrock.region` or `aliases[2]`; the root is `(root)`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return formatPath(path) || '(root)';
}

export function toDefinitionIssues(error: z.ZodError): DefinitionIssue[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatIssuePath([...issue.path, key]),
        message: 'is not a known field',
      }));
    }
    return [{ path: formatIssuePath(issue.path), message: issue.message }];
  });
}

/** Validates untrusted JSON as a definition; every issue names its path. */
export function validateDefinition(input: unknown): DefinitionValidation {
  const result = CustomLlmDefinitionSchema.safeParse(input);
  if (result.success) return { success: true, definition: result.data };
  return { success: false, issues: toDefinitionIssues(result.error) };
}

/** One line per issue, `path: message`, for logs, CLIs and 400 messages. */
export function describeIssues(issues: readonly DefinitionIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}
