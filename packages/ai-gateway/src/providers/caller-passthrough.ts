import {
  type CallerPassthrough,
  DEFAULT_DENIED_BETAS,
  DEFAULT_DENIED_FIELDS,
  type PassthroughLists,
} from '../definition/caller-passthrough-schema';

/** Caller headers whose comma-separated values are beta flags. */
export const BETA_HEADERS: readonly string[] = ['anthropic-beta', 'openai-beta'];

/**
 * Operations whose body is the Messages or Chat Completions wire, where the default field list is
 * written for. Elsewhere only a definition's explicit `fields` lists apply: on a Responses
 * pass-through `store` defaults to true upstream (dropping a caller's `store: false` would turn
 * storage on), native Bedrock bodies have Bedrock's own key filter, embeddings bodies carry none
 * of these fields.
 */
const DEFAULT_FIELD_OPERATIONS: ReadonlySet<string> = new Set(['chat', 'count_tokens']);

/** What the policy left out of one request, for the debug log. */
export type PassthroughDropped = { betas: string[]; fields: string[] };

type Matcher = (name: string) => boolean;

/**
 * One list's decision (rules in caller-passthrough-schema.ts): with neither list the defaults
 * deny; an explicit list replaces them; `allow` narrows; `deny` wins over `allow`.
 */
function passes(
  lists: PassthroughLists | undefined,
  defaults: readonly string[],
  caseless: boolean,
): Matcher {
  const normalise = caseless ? (value: string) => value.toLowerCase() : (value: string) => value;
  const compile = (entries: readonly string[]) => {
    const exact = new Set<string>();
    const prefixes: string[] = [];
    for (const raw of entries) {
      const value = normalise(raw);
      if (value.endsWith('*')) prefixes.push(value.slice(0, -1));
      else exact.add(value);
    }
    return (name: string) => exact.has(name) || prefixes.some((prefix) => name.startsWith(prefix));
  };
  const allow = lists?.allow === undefined ? undefined : compile(lists.allow);
  const deny = compile(lists?.deny ?? (lists?.allow === undefined ? defaults : []));
  return (name) => {
    const value = normalise(name);
    return (allow === undefined || allow(value)) && !deny(value);
  };
}

export type CallerPassthroughFilter = {
  /** The caller's headers with beta values the policy denies taken out (a header left empty is removed). */
  headers(callerHeaders: Headers, dropped: PassthroughDropped): Headers;
  /**
   * The body without denied top-level keys, and a body `anthropic_beta` without denied betas.
   * The default field list applies to chat and count_tokens bodies only (DEFAULT_FIELD_OPERATIONS).
   */
  body(
    body: Record<string, unknown>,
    dropped: PassthroughDropped,
    operation: string,
  ): Record<string, unknown>;
};

const filters = new WeakMap<CallerPassthrough, CallerPassthroughFilter>();
let defaultFilter: CallerPassthroughFilter | undefined;

/** The filter of one upstream's `caller_passthrough` (absent: the documented defaults), built once. */
export function callerPassthroughFilter(policy: CallerPassthrough | undefined): CallerPassthroughFilter {
  if (policy === undefined) {
    defaultFilter ??= buildFilter(undefined);
    return defaultFilter;
  }
  let filter = filters.get(policy);
  if (filter === undefined) {
    filter = buildFilter(policy);
    filters.set(policy, filter);
  }
  return filter;
}

function buildFilter(policy: CallerPassthrough | undefined): CallerPassthroughFilter {
  const betaPasses = passes(policy?.betas, DEFAULT_DENIED_BETAS, true);
  const fieldPasses = passes(policy?.fields, DEFAULT_DENIED_FIELDS, false);
  const explicitFieldPasses = passes(policy?.fields, [], false);
  return {
    headers(callerHeaders, dropped) {
      let result: Headers | undefined;
      for (const name of BETA_HEADERS) {
        const value = callerHeaders.get(name);
        if (value === null) continue;
        const betas = value
          .split(',')
          .map((beta) => beta.trim())
          .filter((beta) => beta.length > 0);
        const kept = betas.filter(betaPasses);
        if (kept.length === betas.length) continue;
        dropped.betas.push(...betas.filter((beta) => !kept.includes(beta)));
        result ??= new Headers(callerHeaders);
        if (kept.length === 0) result.delete(name);
        else result.set(name, kept.join(','));
      }
      return result ?? callerHeaders;
    },
    body(body, dropped, operation) {
      const keep = DEFAULT_FIELD_OPERATIONS.has(operation) ? fieldPasses : explicitFieldPasses;
      let result: Record<string, unknown> | undefined;
      for (const key of Object.keys(body)) {
        if (keep(key)) continue;
        result ??= { ...body };
        delete result[key];
        dropped.fields.push(key);
      }
      const betas = (result ?? body).anthropic_beta;
      if (betas !== undefined) {
        const list = Array.isArray(betas) ? betas : [betas];
        const kept = list.filter((beta) => typeof beta !== 'string' || betaPasses(beta));
        if (kept.length !== list.length) {
          dropped.betas.push(...(list.filter((beta) => !kept.includes(beta)) as string[]));
          result ??= { ...body };
          if (kept.length === 0) delete result.anthropic_beta;
          else result.anthropic_beta = kept;
        }
      }
      return result ?? body;
    },
  };
}
