'use client';

import { type FormEvent, useState } from 'react';
import styles from '../_components/admin.module.css';
import { adminFetch } from '../_lib/admin-fetch';
import login from './login.module.css';

export function LoginForm({ expired }: { expired: boolean }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(expired ? 'Your session ended. Sign in again.' : '');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    const answer = await adminFetch('/api/admin/session', {
      method: 'POST',
      body: JSON.stringify({ token }),
    });
    if (answer.ok) {
      window.location.assign('/admin/llms');
      return;
    }
    setBusy(false);
    setError(
      answer.status === 401
        ? 'That admin token is not right.'
        : answer.status === 429
          ? 'Too many failed sign-ins from here. Wait a minute and try again.'
          : answer.message,
    );
  };
  return (
    <main className={login.page}>
      <form className={login.panel} onSubmit={submit} noValidate>
        <h1 className={login.heading}>AI Gateway admin</h1>
        <p className={login.intro}>
          Sign in with an admin token (GATEWAY_ADMIN_TOKEN or a named admin token).
        </p>
        <div className={styles.field}>
          <label className={styles.label} htmlFor="admin-token">
            Admin token
          </label>
          <input
            id="admin-token"
            name="token"
            type="password"
            autoComplete="current-password"
            className={styles.input}
            value={token}
            onChange={(event) => setToken(event.target.value)}
            aria-invalid={error !== '' && !expired ? true : undefined}
            aria-describedby="login-message"
            required
          />
        </div>
        <button
          type="submit"
          className={`${styles.button} ${styles.primary}`}
          disabled={busy || token === ''}
        >
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p
          id="login-message"
          role="alert"
          className={`${styles.notice} ${login.message} ${error ? styles.error : ''}`}
        >
          {error}
        </p>
      </form>
    </main>
  );
}
