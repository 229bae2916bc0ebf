'use client';

import { type FormEvent, useState } from 'react';
import type { ApiKeySummary } from '@/server/admin/api-key-service';
import styles from '../../_components/admin.module.css';
import { ConfirmDialog } from '../../_components/confirm-dialog';
import { adminFetch } from '../../_lib/admin-fetch';
import { formatDateTime } from '../../_lib/format';
import { CreatedKey } from './created-key';
import {
  describeKeyLimits,
  draftFrom,
  emptyDraft,
  type LimitsDraft,
  LimitsFields,
  limitsFromDraft,
} from './key-limits-fields';

export function KeysManager({ initialKeys }: { initialKeys: ApiKeySummary[] }) {
  const [keys, setKeys] = useState(initialKeys);
  const [name, setName] = useState('');
  const [allowedModels, setAllowedModels] = useState('');
  const [limits, setLimits] = useState<LimitsDraft>(emptyDraft());
  const [editing, setEditing] = useState<{ key: ApiKeySummary; draft: LimitsDraft }>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const [error, setError] = useState('');
  const [pendingRevoke, setPendingRevoke] = useState<ApiKeySummary>();

  const reload = async () => {
    const answer = await adminFetch<{ data: ApiKeySummary[] }>('/api/admin/api-keys');
    if (answer.ok && answer.body) setKeys(answer.body.data);
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    const answer = await adminFetch<{ id: string; name: string; key: string }>('/api/admin/api-keys', {
      method: 'POST',
      body: JSON.stringify(createKeyRequest(name, allowedModels, limits)),
    });
    setBusy(false);
    if (!answer.ok || !answer.body) {
      setError(answer.message);
      return;
    }
    setCreated({ name: answer.body.name, key: answer.body.key });
    setName('');
    setAllowedModels('');
    setLimits(emptyDraft());
    await reload();
  };

  const saveLimits = async () => {
    if (!editing) return;
    setBusy(true);
    const answer = await adminFetch(`/api/admin/api-keys/${encodeURIComponent(editing.key.id)}`, {
      method: 'PATCH',
      body: JSON.stringify({ limits: limitsFromDraft(editing.draft) }),
    });
    setBusy(false);
    setEditing(undefined);
    if (!answer.ok) setError(answer.message);
    await reload();
  };

  const revoke = async () => {
    if (!pendingRevoke) return;
    setBusy(true);
    const answer = await adminFetch(`/api/admin/api-keys/${encodeURIComponent(pendingRevoke.id)}`, {
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
          <label htmlFor="key-name" className={styles.label}>
            New key name
          </label>
          <input
            id="key-name"
            className={styles.input}
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. billing-service"
            autoComplete="off"
          />
        </div>
        <div className={styles.field} style={{ flex: '1 1 240px' }}>
          <label htmlFor="key-models" className={styles.label}>
            Allowed models
          </label>
          <input
            id="key-models"
            className={styles.input}
            value={allowedModels}
            onChange={(event) => setAllowedModels(event.target.value)}
            placeholder="all models (or ids, comma-separated)"
            autoComplete="off"
          />
        </div>
        <LimitsFields idPrefix="new-key" draft={limits} onChange={setLimits} />
        <button
          type="submit"
          className={`${styles.button} ${styles.primary}`}
          disabled={busy || name.trim() === ''}
        >
          Create key
        </button>
      </form>
      {error ? (
        <p role="alert" className={`${styles.notice} ${styles.error}`}>
          {error}
        </p>
      ) : null}
      {created ? (
        <CreatedKey name={created.name} value={created.key} onDismiss={() => setCreated(undefined)} />
      ) : null}
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Prefix</th>
            <th scope="col">Name</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Limits</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className={styles.visuallyHidden}>Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} data-key-name={key.name}>
              <td data-label="Prefix">
                <span className={styles.mono}>{key.key_prefix}…</span>
              </td>
              <td data-label="Name">{key.name}</td>
              <td data-label="Created">{formatDateTime(key.created_at)}</td>
              <td data-label="Last used">{key.last_used_at ? formatDateTime(key.last_used_at) : 'never'}</td>
              <td data-label="Limits">{describeLimits(key)}</td>
              <td data-label="Status">
                {key.revoked_at ? (
                  <span className={styles.muted}>Revoked {formatDateTime(key.revoked_at)}</span>
                ) : (
                  <span style={{ color: 'var(--color-ok)' }}>Active</span>
                )}
              </td>
              <td data-label="">
                <div className={styles.actions}>
                  {key.revoked_at ? null : (
                    <button
                      type="button"
                      className={`${styles.button} ${styles.small}`}
                      onClick={() => setEditing({ key, draft: draftFrom(key.limits) })}
                      aria-label={`Edit limits of key ${key.name}`}
                    >
                      Limits
                    </button>
                  )}
                  {key.revoked_at ? null : (
                    <button
                      type="button"
                      className={`${styles.button} ${styles.small} ${styles.danger}`}
                      onClick={() => setPendingRevoke(key)}
                      aria-label={`Revoke key ${key.name}`}
                    >
                      Revoke
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
          {keys.length === 0 ? (
            <tr>
              <td colSpan={7} className={styles.empty} data-label="">
                No caller keys yet.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <ConfirmDialog
        open={editing !== undefined}
        title={`Limits of ${editing?.key.name ?? ''}`}
        confirmLabel="Save limits"
        busy={busy}
        onConfirm={saveLimits}
        onCancel={() => setEditing(undefined)}
      >
        {editing ? (
          <LimitsFields
            idPrefix="edit-key"
            draft={editing.draft}
            onChange={(draft) => setEditing({ ...editing, draft })}
          />
        ) : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={pendingRevoke !== undefined}
        title="Revoke this key?"
        confirmLabel="Revoke"
        busy={busy}
        onConfirm={revoke}
        onCancel={() => setPendingRevoke(undefined)}
      >
        <p>
          Requests with <code>{pendingRevoke?.key_prefix}…</code> ({pendingRevoke?.name}) will be refused from
          now on.
        </p>
      </ConfirmDialog>
    </div>
  );
}

/** The create request: empty optional fields are left out (all models, no budget). */
function createKeyRequest(name: string, allowedModels: string, draft: LimitsDraft) {
  const models = allowedModels
    .split(',')
    .map((model) => model.trim())
    .filter(Boolean);
  const limits = limitsFromDraft(draft);
  return {
    name: name.trim(),
    ...(models.length > 0 ? { allowed_models: models } : {}),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
  };
}

function describeLimits(key: ApiKeySummary): string {
  const parts = [
    key.allowed_models?.length ? key.allowed_models.join(', ') : 'all models',
    ...describeKeyLimits(key.limits),
  ];
  return parts.filter(Boolean).join(' · ');
}
