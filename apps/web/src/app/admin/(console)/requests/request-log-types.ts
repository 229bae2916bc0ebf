/** One row of `GET /api/admin/requests` (DESIGN.md). */
export type RequestLogEntry = {
  request_id: string;
  time: string;
  key_id: string | null;
  model: string | null;
  target: string | null;
  endpoint: string | null;
  status: number;
  latency_ms: number;
  ttfb_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  cost: number | null;
  attempts: number | null;
  stream: boolean;
  error?: { code: string; message: string | null };
};

export type RequestLogFilter = { from: string; to: string; model: string; key: string; status: string };

export const EMPTY_FILTER: RequestLogFilter = { from: '', to: '', model: '', key: '', status: '' };

/** The filter as query parameters (empty fields left out; dates as UTC days, `to` inclusive). */
export function filterQuery(filter: RequestLogFilter): URLSearchParams {
  const query = new URLSearchParams();
  if (filter.from) query.set('from', `${filter.from}T00:00:00Z`);
  if (filter.to) query.set('to', new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000).toISOString());
  if (filter.model.trim()) query.set('model', filter.model.trim());
  if (filter.key) query.set('key', filter.key);
  if (filter.status) query.set('status', filter.status);
  return query;
}
