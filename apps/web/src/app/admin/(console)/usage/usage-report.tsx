'use client';

import type { UsageTotalsRow } from '@gateway/db/queries/usage';
import { type FormEvent, useState } from 'react';
import styles from '../../_components/admin.module.css';
import { adminFetch } from '../../_lib/admin-fetch';
import { formatNumber } from '../../_lib/format';
import { UsageBars } from './usage-bars';
import { type DayRange, queryBounds } from './usage-range';

type Totals = Record<'model' | 'key' | 'day', UsageTotalsRow[]>;

type UsageReportProps = { initialRange: DayRange; initialTotals: Totals; keyNames: Record<string, string> };

export function UsageReport({ initialRange, initialTotals, keyNames }: UsageReportProps) {
  const [range, setRange] = useState(initialRange);
  const [totals, setTotals] = useState(initialTotals);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const load = async (event: FormEvent) => {
    event.preventDefault();
    if (range.from > range.to) {
      setError('The start date must be on or before the end date.');
      return;
    }
    setBusy(true);
    setError('');
    const { from, to } = queryBounds(range);
    const groups = ['model', 'key', 'day'] as const;
    const answers = await Promise.all(
      groups.map((group) =>
        adminFetch<{ data: UsageTotalsRow[] }>(
          `/api/admin/usage?${new URLSearchParams({ from, to, group_by: group })}`,
        ),
      ),
    );
    setBusy(false);
    const failed = answers.find((answer) => !answer.ok);
    if (failed) {
      setError(failed.message);
      return;
    }
    setTotals({
      model: answers[0]?.body?.data ?? [],
      key: answers[1]?.body?.data ?? [],
      day: answers[2]?.body?.data ?? [],
    });
  };

  const all = totals.model.reduce(
    (sum, row) => ({
      requests: sum.requests + row.requests,
      tokens: sum.tokens + row.input_tokens + row.output_tokens,
      cost: row.cost_usd === null ? sum.cost : (sum.cost ?? 0) + row.cost_usd,
    }),
    { requests: 0, tokens: 0, cost: null as number | null },
  );

  return (
    <div className={styles.stack}>
      <form className={`${styles.card} ${styles.row}`} onSubmit={load}>
        <div className={styles.field}>
          <label htmlFor="usage-from" className={styles.label}>
            From
          </label>
          <input
            id="usage-from"
            type="date"
            className={styles.input}
            value={range.from}
            max={range.to}
            onChange={(event) => setRange({ ...range, from: event.target.value })}
            required
          />
        </div>
        <div className={styles.field}>
          <label htmlFor="usage-to" className={styles.label}>
            To
          </label>
          <input
            id="usage-to"
            type="date"
            className={styles.input}
            value={range.to}
            min={range.from}
            onChange={(event) => setRange({ ...range, to: event.target.value })}
            required
          />
        </div>
        <button type="submit" className={`${styles.button} ${styles.primary}`} disabled={busy}>
          {busy ? 'Loading…' : 'Show'}
        </button>
      </form>
      {error ? (
        <p role="alert" className={`${styles.notice} ${styles.error}`}>
          {error}
        </p>
      ) : null}
      <dl
        className={styles.card}
        style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem 2.5rem', margin: 0 }}
      >
        <div>
          <dt className={styles.hint}>Requests</dt>
          <dd style={{ margin: 0, fontSize: '1.4rem', fontWeight: 650 }}>{formatNumber(all.requests)}</dd>
        </div>
        <div>
          <dt className={styles.hint}>Tokens (in + out)</dt>
          <dd style={{ margin: 0, fontSize: '1.4rem', fontWeight: 650 }}>{formatNumber(all.tokens)}</dd>
        </div>
        <div>
          <dt className={styles.hint}>Cost</dt>
          <dd style={{ margin: 0, fontSize: '1.4rem', fontWeight: 650 }}>
            {all.cost === null ? '—' : `$${all.cost.toFixed(4)}`}
          </dd>
        </div>
      </dl>
      <UsageBars title="By day" rows={totals.day} label={(group) => group ?? 'unknown'} />
      <UsageBars title="By model" rows={totals.model} label={(group) => group ?? '(unknown model)'} />
      <UsageBars
        title="By key"
        rows={totals.key}
        label={(group) => (group ? (keyNames[group] ?? group) : '(no key)')}
      />
    </div>
  );
}
