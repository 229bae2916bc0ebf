/**
 * A zod path as people write it: `['messages', 2, 'content']` -> `messages[2].content` (the form of
 * OpenAI's `param` and of the admin API's issue paths). One formatter for the core, the admin API
 * and the console's editor, so a path reads the same everywhere. Empty for the root.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const segment of path) {
    if (typeof segment === 'number') result += `[${segment}]`;
    else result += result === '' ? String(segment) : `.${String(segment)}`;
  }
  return result;
}
