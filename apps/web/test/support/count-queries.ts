import type { Database } from '@gateway/db';

export type QueryCounter = {
  /** The SQL of every statement sent since `countQueries`, in order. */
  readonly statements: readonly string[];
  restore(): void;
};

type Queryable = Record<string, unknown>;

/**
 * Observes every statement an instance sends to its database, by wrapping the driver client under
 * drizzle: node-postgres' Pool (`query`, and `connect` for transactions) or PGlite (`query`, `exec`,
 * `transaction`). Nothing is changed: each call goes on to the real driver.
 */
export function countQueries(database: Database): QueryCounter {
  const client = (database.db as unknown as { $client: Queryable }).$client;
  const statements: string[] = [];
  const methods = database.kind === 'postgres' ? ['query', 'connect'] : ['query', 'exec', 'transaction'];
  const originals = new Map<string, unknown>();
  for (const method of methods) {
    const original = client[method] as (...args: unknown[]) => unknown;
    originals.set(method, client[method]);
    client[method] = function (this: unknown, ...args: unknown[]) {
      statements.push(method === 'connect' || method === 'transaction' ? `(${method})` : sqlOf(args[0]));
      return original.apply(this, args);
    };
  }
  return {
    statements,
    restore() {
      for (const [method, original] of originals) client[method] = original;
    },
  };
}

function sqlOf(query: unknown): string {
  if (typeof query === 'string') return query;
  const text = (query as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : String(query);
}
