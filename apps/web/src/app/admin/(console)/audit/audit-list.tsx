'use client';

import { useState } from 'react';
import type { AuditView } from '@/server/admin/audit-log';
import styles from '../../_components/admin.module.css';
import { adminFetch } from '../../_lib/admin-fetch';
import { formatDateTime } from '../../_lib/format';

type Page = { data: AuditView[]; next_cursor: string | null };

/** The audit entries, newest first, with "Load older" following the API's cursor. */
export function AuditList({ initial }: { initial: Page }) {
  const [entries, setEntries] = useState(initial.data);
  const [cursor, setCursor] = useState(initial.next_cursor);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const loadOlder = async () => {
    if (cursor === null) return;
    setBusy(true);
    const answer = await adminFetch<Page>(`/api/admin/audit?cursor=${encodeURIComponent(cursor)}`);
    setBusy(false);
    if (!answer.ok || !answer.body) {
      setError(answer.message);
      return;
    }
    setEntries((current) => [...current, ...(answer.body?.data ?? [])]);
    setCursor(answer.body.next_cursor);
  };

  return (
    <div className={styles.stack}>
      {error ? (
        <p role="alert" className={`${styles.notice} ${styles.error}`}>
          {error}
        </p>
      ) : null}
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Subject</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => (
            <tr key={`${entry.time}-${index}`}>
              <td data-label="Time">{formatDateTime(entry.time)}</td>
              <td data-label="Actor">{entry.actor}</td>
              <td data-label="Action">
                <span className={styles.mono} style={{ whiteSpace: 'nowrap' }}>
                  {entry.action}
                </span>
              </td>
              <td data-label="Subject">
                <span className={styles.mono}>{entry.subject}</span>
              </td>
              <td data-label="Changes">
                {entry.diff && Object.keys(entry.diff).length > 0 ? (
                  <details>
                    <summary>{Object.keys(entry.diff).join(', ')}</summary>
                    <pre className={styles.mono} style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                      {JSON.stringify(entry.diff, null, 2)}
                    </pre>
                  </details>
                ) : (
                  <span className={styles.muted}>—</span>
                )}
              </td>
            </tr>
          ))}
          {entries.length === 0 ? (
            <tr>
              <td colSpan={5} className={styles.empty} data-label="">
                No admin changes yet.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {cursor !== null ? (
        <button type="button" className={styles.button} onClick={loadOlder} disabled={busy}>
          Load older entries
        </button>
      ) : null}
    </div>
  );
}
