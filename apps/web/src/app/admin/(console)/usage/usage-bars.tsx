import type { UsageTotalsRow } from '@gateway/db/queries/usage';
import styles from '../../_components/admin.module.css';
import { formatNumber } from '../../_lib/format';
import usage from './usage.module.css';

type UsageBarsProps = { title: string; rows: UsageTotalsRow[]; label(group: string | null): string };

/** One group's totals as CSS bars (tokens), with the numbers beside them for screen readers too. */
export function UsageBars({ title, rows, label }: UsageBarsProps) {
  const tokens = (row: UsageTotalsRow) => row.input_tokens + row.output_tokens;
  const max = Math.max(1, ...rows.map(tokens));
  return (
    <section className={styles.card} aria-label={`Usage ${title.toLowerCase()}`}>
      <h2 className={usage.title}>{title}</h2>
      {rows.length === 0 ? (
        <p className={styles.hint}>No requests in this range.</p>
      ) : (
        <ul className={usage.bars}>
          {rows.map((row) => (
            <li key={row.group ?? '(none)'} className={usage.bar}>
              <span className={usage.label} title={label(row.group)}>
                {label(row.group)}
              </span>
              <span className={usage.track} aria-hidden="true">
                <span className={usage.fill} style={{ width: `${(tokens(row) / max) * 100}%` }} />
              </span>
              <span className={usage.numbers}>
                {formatNumber(row.requests)} req · {formatNumber(row.input_tokens)} in ·{' '}
                {formatNumber(row.output_tokens)} out
                {row.cost_usd !== null ? ` · $${row.cost_usd.toFixed(4)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
