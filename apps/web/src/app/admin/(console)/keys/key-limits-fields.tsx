'use client';

import type { KeyLimits } from '@/server/governance/key-limits';
import styles from '../../_components/admin.module.css';

/** The six per-key limits as form fields: text values, empty = unlimited. */
export type LimitsDraft = Record<keyof KeyLimits, string>;

export const LIMIT_FIELDS: {
  name: keyof KeyLimits;
  label: string;
  placeholder: string;
  dollars?: boolean;
}[] = [
  { name: 'rpm', label: 'Requests / minute', placeholder: 'default' },
  { name: 'tpm', label: 'Tokens / minute', placeholder: 'unlimited' },
  { name: 'max_concurrent', label: 'Max concurrent', placeholder: 'unlimited' },
  { name: 'monthly_tokens', label: 'Monthly tokens', placeholder: 'unlimited' },
  { name: 'monthly_usd', label: 'Monthly $', placeholder: 'unlimited', dollars: true },
  { name: 'daily_usd', label: 'Daily $', placeholder: 'unlimited', dollars: true },
];

export const emptyDraft = (): LimitsDraft => ({
  rpm: '',
  tpm: '',
  max_concurrent: '',
  monthly_tokens: '',
  monthly_usd: '',
  daily_usd: '',
});

export const draftFrom = (limits: KeyLimits): LimitsDraft => {
  const draft = emptyDraft();
  for (const field of LIMIT_FIELDS) {
    const value = limits[field.name];
    if (value !== undefined) draft[field.name] = String(value);
  }
  return draft;
};

/** The draft as the API's `limits` object (empty fields left out). */
export function limitsFromDraft(draft: LimitsDraft): KeyLimits {
  const limits: Record<string, number> = {};
  for (const field of LIMIT_FIELDS) {
    const value = Number(draft[field.name]);
    if (draft[field.name].trim() !== '' && Number.isFinite(value) && value > 0) {
      limits[field.name] = field.dollars ? value : Math.floor(value);
    }
  }
  return limits as KeyLimits;
}

export function describeKeyLimits(limits: KeyLimits): string[] {
  const number = (value: number) => value.toLocaleString('en-US');
  return [
    limits.rpm ? `${number(limits.rpm)} req/min` : '',
    limits.tpm ? `${number(limits.tpm)} tok/min` : '',
    limits.max_concurrent ? `${number(limits.max_concurrent)} concurrent` : '',
    limits.monthly_tokens ? `${number(limits.monthly_tokens)} tokens/month` : '',
    limits.monthly_usd ? `$${limits.monthly_usd}/month` : '',
    limits.daily_usd ? `$${limits.daily_usd}/day` : '',
  ].filter(Boolean);
}

export function LimitsFields({
  idPrefix,
  draft,
  onChange,
}: {
  idPrefix: string;
  draft: LimitsDraft;
  onChange: (draft: LimitsDraft) => void;
}) {
  return (
    <fieldset className={styles.row} style={{ border: 0, padding: 0, margin: 0 }}>
      <legend className={styles.label}>
        Limits (empty = unlimited; dollar budgets count only models with pricing: unpriced models cost $0)
      </legend>
      {LIMIT_FIELDS.map((field) => (
        <div key={field.name} className={styles.field} style={{ flex: '0 1 140px' }}>
          <label htmlFor={`${idPrefix}-${field.name}`} className={styles.label}>
            {field.label}
          </label>
          <input
            id={`${idPrefix}-${field.name}`}
            name={field.name}
            className={styles.input}
            value={draft[field.name]}
            inputMode={field.dollars ? 'decimal' : 'numeric'}
            onChange={(event) =>
              onChange({
                ...draft,
                [field.name]: event.target.value.replace(field.dollars ? /[^0-9.]/g : /[^0-9]/g, ''),
              })
            }
            placeholder={field.placeholder}
            autoComplete="off"
          />
        </div>
      ))}
    </fieldset>
  );
}
