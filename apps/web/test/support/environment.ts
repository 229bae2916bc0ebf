/**
 * An environment for a runtime or a child process. Next's types make `NODE_ENV` a required member
 * of `NodeJS.ProcessEnv`, but a test may leave it unset on purpose (the CLI, a bare child process).
 */
export function environment(values: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return values as NodeJS.ProcessEnv;
}
