'use client';

import { useState } from 'react';
import { publicIdPath } from '@/server/admin/public-id-rule';
import { adminFetch } from '../_lib/admin-fetch';
import styles from './admin.module.css';

type ConnectionResult = { ok: boolean; status: number; latency_ms: number; error?: string };

/** Plain words for a failed test: the gateway's message, with what the status usually means. */
export function explainFailure(result: ConnectionResult): string {
  const hint =
    result.status === 401 || result.status === 403 || result.status === 502
      ? ' Check the credentials and that the model is enabled for them.'
      : result.status === 404
        ? ' Check the model id and the base URL.'
        : result.status === 429
          ? ' The upstream is rate limiting; try again later.'
          : '';
  return `${result.error ?? `The upstream answered HTTP ${result.status}.`}${hint}`;
}

/** Sends a 1-token request through the gateway and says how it went. */
export function TestConnectionButton({ publicId }: { publicId: string }) {
  const [state, setState] = useState<
    | { kind: 'idle' }
    | { kind: 'running' }
    | { kind: 'done'; result: ConnectionResult }
    | { kind: 'failed'; message: string }
  >({ kind: 'idle' });
  const run = async () => {
    setState({ kind: 'running' });
    const answer = await adminFetch<ConnectionResult>(
      `/api/admin/custom-llms/${publicIdPath(publicId)}/test`,
      {
        method: 'POST',
      },
    );
    if (answer.ok && answer.body) setState({ kind: 'done', result: answer.body });
    else setState({ kind: 'failed', message: answer.message });
  };
  return (
    <span className={styles.row} style={{ alignItems: 'center', gap: '0.5rem' }}>
      <button
        type="button"
        className={`${styles.button} ${styles.small}`}
        onClick={run}
        disabled={state.kind === 'running'}
        aria-label={`Test connection of ${publicId}`}
      >
        {state.kind === 'running' ? 'Testing…' : 'Test connection'}
      </button>
      <span role="status" aria-live="polite" data-testid="connection-result">
        {state.kind === 'done' && state.result.ok ? (
          <span style={{ color: 'var(--color-ok)' }}>✓ Connected · {state.result.latency_ms} ms</span>
        ) : null}
        {state.kind === 'done' && !state.result.ok ? (
          <span style={{ color: 'var(--color-danger)' }}>✗ {explainFailure(state.result)}</span>
        ) : null}
        {state.kind === 'failed' ? (
          <span style={{ color: 'var(--color-danger)' }}>✗ {state.message}</span>
        ) : null}
      </span>
    </span>
  );
}
