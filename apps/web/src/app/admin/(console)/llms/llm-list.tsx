'use client';

import type { TargetStatus } from '@gateway/ai-gateway';
import type { CustomLlmDefinition } from '@gateway/ai-gateway/definition';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { publicIdPath } from '@/server/admin/public-id-rule';
import styles from '../../_components/admin.module.css';
import { ConfirmDialog } from '../../_components/confirm-dialog';
import { ProviderBadge } from '../../_components/provider-badge';
import { TargetStatusList } from '../../_components/target-status-list';
import { TestConnectionButton } from '../../_components/test-connection-button';
import { adminFetch } from '../../_lib/admin-fetch';
import { formatDateTime } from '../../_lib/format';
import { summarizeProvider } from '../../_lib/provider-summary';

type Item = {
  public_id: string;
  definition: CustomLlmDefinition;
  updated_at: string;
  target_status: TargetStatus[];
};

export function LlmList({ initialItems }: { initialItems: Item[] }) {
  const [items, setItems] = useState(initialItems);
  const [filter, setFilter] = useState('');
  const [pendingDelete, setPendingDelete] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | undefined>();

  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (needle === '') return items;
    return items.filter((item) =>
      [
        item.public_id,
        item.definition.display_name ?? '',
        item.definition.internal_id,
        summarizeProvider(item.definition).label,
        item.definition.aws_bedrock?.region ?? '',
      ].some((text) => text.toLowerCase().includes(needle)),
    );
  }, [items, filter]);

  const confirmDelete = async () => {
    if (pendingDelete === undefined) return;
    setBusy(true);
    const answer = await adminFetch(`/api/admin/custom-llms/${publicIdPath(pendingDelete)}`, {
      method: 'DELETE',
    });
    setBusy(false);
    if (answer.ok || answer.status === 404) {
      setItems((current) => current.filter((item) => item.public_id !== pendingDelete));
      setMessage({ kind: 'success', text: `Deleted ${pendingDelete}.` });
    } else {
      setMessage({ kind: 'error', text: answer.message });
    }
    setPendingDelete(undefined);
  };

  return (
    <div className={styles.stack}>
      <div className={styles.row}>
        <div className={styles.field} style={{ flex: '1 1 260px', maxWidth: 420 }}>
          <label htmlFor="llm-filter" className={styles.label}>
            Filter
          </label>
          <input
            id="llm-filter"
            type="search"
            className={styles.input}
            placeholder="Public id, name, provider, model or region"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </div>
        <p className={styles.hint} aria-live="polite">
          {visible.length} of {items.length} shown
        </p>
      </div>
      {message ? (
        <p role="status" className={`${styles.notice} ${styles[message.kind]}`}>
          {message.text}
        </p>
      ) : null}
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Public id</th>
            <th scope="col">Display name</th>
            <th scope="col">Provider</th>
            <th scope="col">Upstream model</th>
            <th scope="col">Targets</th>
            <th scope="col">Updated</th>
            <th scope="col">
              <span className={styles.visuallyHidden}>Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {visible.map((item) => (
            <tr key={item.public_id} data-public-id={item.public_id}>
              <td data-label="Public id">
                <Link href={`/admin/llms/edit/${publicIdPath(item.public_id)}`} className={styles.mono}>
                  {item.public_id}
                </Link>
              </td>
              <td data-label="Name">
                {item.definition.display_name ?? <span className={styles.muted}>—</span>}
              </td>
              <td data-label="Provider">
                <ProviderBadge definition={item.definition} />
              </td>
              <td data-label="Model">
                <span className={styles.mono}>{item.definition.internal_id}</span>
              </td>
              <td data-label="Targets">
                <TargetStatusList targets={item.target_status} />
              </td>
              <td data-label="Updated">
                <time dateTime={item.updated_at}>{formatDateTime(item.updated_at)}</time>
              </td>
              <td data-label="">
                <div className={styles.actions}>
                  <TestConnectionButton publicId={item.public_id} />
                  <Link
                    href={`/admin/llms/edit/${publicIdPath(item.public_id)}`}
                    className={`${styles.button} ${styles.small}`}
                    aria-label={`Edit ${item.public_id}`}
                  >
                    Edit
                  </Link>
                  <button
                    type="button"
                    className={`${styles.button} ${styles.small} ${styles.danger}`}
                    onClick={() => setPendingDelete(item.public_id)}
                    aria-label={`Delete ${item.public_id}`}
                  >
                    Delete
                  </button>
                </div>
              </td>
            </tr>
          ))}
          {visible.length === 0 ? (
            <tr>
              <td colSpan={7} className={styles.empty} data-label="">
                {items.length === 0
                  ? 'No custom LLMs yet. Create one with “New definition”.'
                  : 'Nothing matches the filter.'}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <ConfirmDialog
        open={pendingDelete !== undefined}
        title="Delete this definition?"
        confirmLabel="Delete"
        busy={busy}
        onConfirm={confirmDelete}
        onCancel={() => setPendingDelete(undefined)}
      >
        <p>
          Callers using <code>{pendingDelete}</code> will get “model not found” from now on. This cannot be
          undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}
