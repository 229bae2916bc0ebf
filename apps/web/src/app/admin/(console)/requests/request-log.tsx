'use client';

import { type FormEvent, useCallback, useEffect, useState } from 'react';
import styles from '../../_components/admin.module.css';
import { adminFetch } from '../../_lib/admin-fetch';
import { formatDateTime } from '../../_lib/format';
import { RequestDetail } from './request-detail';
import { EMPTY_FILTER, filterQuery, type RequestLogEntry, type RequestLogFilter } from './request-log-types';

type Page = { data: RequestLogEntry[]; next_cursor: string | null };

/** The request log: filters, keyset paging ("Older"), a detail drawer and CSV export of the filter. */
export function RequestLog({ keys }: { keys: { id: string; label: string }[] }) {
  const [draft, setDraft] = useState<RequestLogFilter>(EMPTY_FILTER);
  const [filter, setFilter] = useState<RequestLogFilter>(EMPTY_FILTER);
  // Cursors of the pages before the current one, so "Newer" goes back without offsets.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<Page>({ data: [], next_cursor: null });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [selected, setSelected] = useState<RequestLogEntry>();
  const keyLabels = new Map(keys.map((key) => [key.id, key.label]));

  const load = useCallback(async (active: RequestLogFilter, cursor: string | undefined) => {
    setBusy(true);
    setError('');
    const query = filterQuery(active);
    if (cursor) query.set('cursor', cursor);
    const answer = await adminFetch<Page>(`/api/admin/requests?${query}`);
    setBusy(false);
    if (!answer.ok || !answer.body) {
      setError(answer.message);
      return;
    }
    setPage(answer.body);
  }, []);

  useEffect(() => {
    void load(filter, cursors.at(-1));
  }, [filter, cursors, load]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
    setCursors([undefined]);
  };

  const csvHref = `/api/admin/requests?${(() => {
    const query = filterQuery(filter);
    query.set('format', 'csv');
    return query;
  })()}`;

  const set = (field: keyof RequestLogFilter) => (value: string) => setDraft({ ...draft, [field]: value });

  return (
    <div className={styles.stack}>
      <form className={`${styles.card} ${styles.row}`} onSubmit={apply} aria-label="Request filters">
        <div className={styles.field} style={{ flex: '0 1 160px' }}>
          <label htmlFor="requests-from" className={styles.label}>
            From (UTC day)
          </label>
          <input
            id="requests-from"
            type="date"
            className={styles.input}
            value={draft.from}
            onChange={(event) => set('from')(event.target.value)}
          />
        </div>
        <div className={styles.field} style={{ flex: '0 1 160px' }}>
          <label htmlFor="requests-to" className={styles.label}>
            To (UTC day)
          </label>
          <input
            id="requests-to"
            type="date"
            className={styles.input}
            value={draft.to}
            onChange={(event) => set('to')(event.target.value)}
          />
        </div>
        <div className={styles.field} style={{ flex: '1 1 160px' }}>
          <label htmlFor="requests-model" className={styles.label}>
            Model
          </label>
          <input
            id="requests-model"
            className={styles.input}
            value={draft.model}
            placeholder="any model"
            autoComplete="off"
            onChange={(event) => set('model')(event.target.value)}
          />
        </div>
        <div className={styles.field} style={{ flex: '1 1 180px' }}>
          <label htmlFor="requests-key" className={styles.label}>
            Key
          </label>
          <select
            id="requests-key"
            className={styles.input}
            value={draft.key}
            onChange={(event) => set('key')(event.target.value)}
          >
            <option value="">any key</option>
            {keys.map((key) => (
              <option key={key.id} value={key.id}>
                {key.label}
              </option>
            ))}
          </select>
        </div>
        <div className={styles.field} style={{ flex: '0 1 130px' }}>
          <label htmlFor="requests-status" className={styles.label}>
            Status
          </label>
          <select
            id="requests-status"
            className={styles.input}
            value={draft.status}
            onChange={(event) => set('status')(event.target.value)}
          >
            <option value="">any</option>
            <option value="2xx">2xx</option>
            <option value="4xx">4xx</option>
            <option value="429">429</option>
            <option value="5xx">5xx</option>
          </select>
        </div>
        <button type="submit" className={`${styles.button} ${styles.primary}`} disabled={busy}>
          Apply
        </button>
        <a className={styles.button} href={csvHref} download="requests.csv">
          Export CSV
        </a>
      </form>
      {error ? (
        <p role="alert" className={`${styles.notice} ${styles.error}`}>
          {error}
        </p>
      ) : null}
      <table className={styles.table} aria-busy={busy}>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Key</th>
            <th scope="col">Model</th>
            <th scope="col">Target</th>
            <th scope="col">Status</th>
            <th scope="col">Latency</th>
            <th scope="col">Tokens in / out</th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {page.data.map((entry) => (
            <tr
              key={entry.request_id + entry.time}
              data-request-id={entry.request_id}
              onClick={() => setSelected(entry)}
              style={{ cursor: 'pointer' }}
            >
              <td data-label="Time">
                <button
                  type="button"
                  className={`${styles.button} ${styles.small}`}
                  onClick={() => setSelected(entry)}
                >
                  {formatDateTime(entry.time)}
                </button>
              </td>
              <td data-label="Key">{entry.key_id ? (keyLabels.get(entry.key_id) ?? entry.key_id) : '—'}</td>
              <td data-label="Model">{entry.model ?? '—'}</td>
              <td data-label="Target">{entry.target ?? '—'}</td>
              {/* One child per cell: on narrow screens a cell is a two-column grid (label, value). */}
              <td data-label="Status">
                <span>
                  {entry.status}
                  {entry.error ? <span className={styles.muted}> {entry.error.code}</span> : null}
                </span>
              </td>
              <td data-label="Latency">
                <span>
                  {entry.latency_ms} ms
                  {entry.ttfb_ms !== null ? (
                    <span className={styles.muted}> (first byte {entry.ttfb_ms} ms)</span>
                  ) : null}
                </span>
              </td>
              <td data-label="Tokens in / out">
                {entry.input_tokens} / {entry.output_tokens}
              </td>
              <td data-label="Cost">
                {entry.cost === null ? (
                  <span className={styles.muted}>no pricing</span>
                ) : (
                  `$${entry.cost.toFixed(6)}`
                )}
              </td>
            </tr>
          ))}
          {page.data.length === 0 && !busy ? (
            <tr>
              <td colSpan={8} className={styles.empty} data-label="">
                No requests match.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <div className={styles.actions}>
        <button
          type="button"
          className={styles.button}
          disabled={busy || cursors.length <= 1}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer
        </button>
        <button
          type="button"
          className={styles.button}
          disabled={busy || !page.next_cursor}
          onClick={() => page.next_cursor && setCursors([...cursors, page.next_cursor])}
        >
          Older
        </button>
      </div>
      <RequestDetail
        entry={selected}
        keyLabel={selected?.key_id ? keyLabels.get(selected.key_id) : undefined}
        onClose={() => setSelected(undefined)}
      />
    </div>
  );
}
