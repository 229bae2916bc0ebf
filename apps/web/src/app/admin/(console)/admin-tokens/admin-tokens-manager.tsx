'use client';

import { type FormEvent, useState } from 'react';
import type { AdminTokenSummary } from '@/server/admin/admin-token-service';
import styles from '../../_components/admin.module.css';
import { ConfirmDialog } from '../../_components/confirm-dialog';
import { adminFetch } from '../../_lib/admin-fetch';
import { formatDateTime } from '../../_lib/format';

export function AdminTokensManager({ initialTokens }: { initialTokens: AdminTokenSummary[] }) {
  const [tokens, setTokens] = useState(initialTokens);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const [error, setError] = useState('');
  const [pendingRevoke, setPendingRevoke] = useState<AdminTokenSummary>();

  const reload = async () => {
    const answer = await adminFetch<{ data: AdminTokenSummary[] }>('/api/admin/admin-tokens');
    if (answer.ok && answer.body) setTokens(answer.body.data);
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    const answer = await adminFetch<{ id: string; name: string; token: string }>('/api/admin/admin-tokens', {
      method: 'POST',
      body: JSON.stringify({ name: name.trim() }),
    });
    setBusy(false);
    if (!answer.ok || !answer.body) {
      setError(answer.message);
      return;
    }
    setCreated({ name: answer.body.name, token: answer.body.token });
    setName('');
    await reload();
  };

  const revoke = async () => {
    if (!pendingRevoke) return;
    setBusy(true);
    const answer = await adminFetch(`/api/admin/admin-tokens/${encodeURIComponent(pendingRevoke.id)}`, {
      method: 'DELETE',
    });
    setBusy(false);
    setPendingRevoke(undefined);
    if (!answer.ok) setError(answer.message);
    await reload();
  };

  return (
    <div className={styles.stack}>
      <form className={`${styles.card} ${styles.row}`} onSubmit={create}>
        <div className={styles.field} style={{ flex: '1 1 240px' }}>
          <label htmlFor="admin-token-name" className={styles.label}>
            New admin token name
          </label>
          <input
            id="admin-token-name"
            className={styles.input}
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. alice or deploy-bot"
            autoComplete="off"
          />
        </div>
        <button
          type="submit"
          className={`${styles.button} ${styles.primary}`}
          disabled={busy || name.trim() === ''}
        >
          Create token
        </button>
      </form>
      {error ? (
        <p role="alert" className={`${styles.notice} ${styles.error}`}>
          {error}
        </p>
      ) : null}
      {created ? (
        <section className={`${styles.notice} ${styles.success}`} aria-labelledby="created-token-title">
          <h2 id="created-token-title" style={{ fontSize: '1rem', margin: '0 0 0.4rem' }}>
            Admin token “{created.name}” created. Copy it now: it will not be shown again.
          </h2>
          <div className={styles.row} style={{ alignItems: 'center' }}>
            <label htmlFor="created-token-value" className={styles.visuallyHidden}>
              New admin token
            </label>
            <input
              id="created-token-value"
              readOnly
              value={created.token}
              className={`${styles.input} ${styles.mono}`}
              style={{ flex: '1 1 260px' }}
              onFocus={(event) => event.target.select()}
            />
            <button type="button" className={styles.button} onClick={() => setCreated(undefined)}>
              Done
            </button>
          </div>
        </section>
      ) : null}
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Prefix</th>
            <th scope="col">Name</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className={styles.visuallyHidden}>Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td data-label="Prefix">
                <span className={styles.mono}>{token.token_prefix}…</span>
              </td>
              <td data-label="Name">{token.name}</td>
              <td data-label="Created">{formatDateTime(token.created_at)}</td>
              <td data-label="Last used">
                {token.last_used_at ? formatDateTime(token.last_used_at) : 'never'}
              </td>
              <td data-label="Status">
                {token.revoked_at ? (
                  <span className={styles.muted}>Revoked {formatDateTime(token.revoked_at)}</span>
                ) : (
                  <span style={{ color: 'var(--color-ok)' }}>Active</span>
                )}
              </td>
              <td data-label="">
                <div className={styles.actions}>
                  {token.revoked_at ? null : (
                    <button
                      type="button"
                      className={`${styles.button} ${styles.small} ${styles.danger}`}
                      onClick={() => setPendingRevoke(token)}
                      aria-label={`Revoke admin token ${token.name}`}
                    >
                      Revoke
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
          {tokens.length === 0 ? (
            <tr>
              <td colSpan={6} className={styles.empty} data-label="">
                No named admin tokens yet: everyone signs in with the bootstrap token.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <ConfirmDialog
        open={pendingRevoke !== undefined}
        title="Revoke this admin token?"
        confirmLabel="Revoke"
        busy={busy}
        onConfirm={revoke}
        onCancel={() => setPendingRevoke(undefined)}
      >
        <p>
          <code>{pendingRevoke?.token_prefix}…</code> ({pendingRevoke?.name}) will be refused from now on, and
          the console sessions it opened end at once.
        </p>
      </ConfirmDialog>
    </div>
  );
}
