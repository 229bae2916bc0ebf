import type { CustomLlmDefinition } from '@gateway/ai-gateway/definition';
import { summarizeProvider } from '../_lib/provider-summary';
import styles from './provider-badge.module.css';

/** Bedrock (auth mode · region), Anthropic or OpenAI-compatible, each in its own colour. */
export function ProviderBadge({ definition }: { definition: CustomLlmDefinition }) {
  const summary = summarizeProvider(definition);
  return (
    <span className={`${styles.badge} ${styles[summary.kind]}`} data-provider={summary.kind}>
      <span className={styles.name}>{summary.label}</span>
      {summary.detail ? <span className={styles.detail}>{summary.detail}</span> : null}
    </span>
  );
}
