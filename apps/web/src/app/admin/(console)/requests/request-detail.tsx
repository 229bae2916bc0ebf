'use client';

import { useEffect, useRef } from 'react';
import styles from '../../_components/admin.module.css';
import { formatDateTime } from '../../_lib/format';
import type { RequestLogEntry } from './request-log-types';

/** The detail drawer: every stored field of one request (never a body: none is stored). */
export function RequestDetail({
  entry,
  keyLabel,
  onClose,
}: {
  entry: RequestLogEntry | undefined;
  keyLabel: string | undefined;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (entry && !element.open) element.showModal();
    if (!entry && element.open) element.close();
  }, [entry]);
  const fields: [string, string][] = entry
    ? [
        ['Request id', entry.request_id],
        ['Time', formatDateTime(entry.time)],
        ['Key', keyLabel ?? entry.key_id ?? '—'],
        ['Model', entry.model ?? '—'],
        ['Target', entry.target ?? '—'],
        ['Endpoint', entry.endpoint ?? '—'],
        ['Status', String(entry.status)],
        ['Stream', entry.stream ? 'yes' : 'no'],
        ['Attempts', entry.attempts === null ? '—' : String(entry.attempts)],
        ['Latency', `${entry.latency_ms} ms`],
        ['Time to first byte', entry.ttfb_ms === null ? '—' : `${entry.ttfb_ms} ms`],
        ['Input tokens', String(entry.input_tokens)],
        ['Output tokens', String(entry.output_tokens)],
        ['Cache read / write', `${entry.cache_read_tokens} / ${entry.cache_write_tokens}`],
        ['Cost', entry.cost === null ? 'no pricing' : `$${entry.cost.toFixed(6)}`],
        [
          'Error',
          entry.error ? `${entry.error.code}${entry.error.message ? `: ${entry.error.message}` : ''}` : '—',
        ],
      ]
    : [];
  return (
    <dialog
      ref={dialog}
      className={styles.dialog}
      aria-labelledby="request-detail-title"
      onClose={onClose}
      style={{
        marginRight: 0,
        marginLeft: 'auto',
        height: '100%',
        maxHeight: '100%',
        width: 'min(480px, 100vw)',
        maxWidth: 'min(480px, 100vw)',
      }}
    >
      <h2 id="request-detail-title" className={styles.dialogTitle}>
        Request
      </h2>
      <dl style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '6px 16px', margin: 0 }}>
        {fields.map(([label, value]) => (
          <div key={label} style={{ display: 'contents' }}>
            <dt className={styles.muted}>{label}</dt>
            <dd
              style={{ margin: 0, overflowWrap: 'anywhere' }}
              className={label === 'Request id' ? styles.mono : undefined}
            >
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <div className={styles.dialogActions}>
        <button type="button" className={styles.button} onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
