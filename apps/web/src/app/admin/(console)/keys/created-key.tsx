'use client';

import { useRef, useState } from 'react';
import styles from '../../_components/admin.module.css';

/** The new key, shown once: copy it now, it is stored only as a hash. */
export function CreatedKey({ name, value, onDismiss }: { name: string; value: string; onDismiss(): void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      field.current?.select();
      setCopied('no');
    }
  };
  return (
    <section
      className={`${styles.notice} ${styles.success}`}
      aria-labelledby="created-key-title"
      data-testid="created-key"
    >
      <h2 id="created-key-title" style={{ fontSize: '1rem', margin: '0 0 0.4rem' }}>
        Key “{name}” created. Copy it now: it will not be shown again.
      </h2>
      <div className={styles.row} style={{ alignItems: 'center' }}>
        <label htmlFor="created-key-value" className={styles.visuallyHidden}>
          New caller key
        </label>
        <input
          id="created-key-value"
          ref={field}
          readOnly
          value={value}
          className={`${styles.input} ${styles.mono}`}
          style={{ flex: '1 1 260px' }}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className={styles.button} onClick={copy}>
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className={styles.button} onClick={onDismiss}>
          Done
        </button>
      </div>
      <p role="status" className={styles.hint} style={{ marginTop: '0.3rem', minHeight: '1.2rem' }}>
        {copied === 'no' ? 'The clipboard is not available; the key is selected, press Ctrl+C.' : ''}
      </p>
    </section>
  );
}
