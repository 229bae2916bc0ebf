import type { TargetStatus } from '@gateway/ai-gateway';
import styles from './target-status.module.css';

/**
 * A definition's targets with their state: healthy, or cooling down until a time (a throttled or
 * failing target the router skips), with this instance's recent error rate. Server-rendered from
 * `gateway.targets()` (the same data as `target_status` in the admin API).
 */
export function TargetStatusList({ targets }: { targets: readonly TargetStatus[] }) {
  return (
    <ul className={styles.list} aria-label="Targets">
      {targets.map((target) => {
        const cooling = target.state === 'cooling_down' && target.cooling_down_until !== undefined;
        const where = [target.provider, target.region, `p${target.priority}`, `w${target.weight}`]
          .filter(Boolean)
          .join(' · ');
        const errorRate =
          target.recent_attempts === 0
            ? 'no recent traffic'
            : `${Math.round(target.recent_error_rate * 100)}% errors of ${target.recent_attempts}`;
        return (
          <li
            key={target.name}
            className={`${styles.target} ${cooling ? styles.cooling : styles.healthy}`}
            data-target={target.name}
            data-state={target.state}
          >
            <span className={styles.name}>{target.name}</span>
            <span>{where}</span>
            <span>
              {cooling ? (
                <>
                  cooling down until{' '}
                  <time dateTime={target.cooling_down_until}>
                    {new Date(target.cooling_down_until as string).toLocaleTimeString('en-GB', {
                      timeZone: 'UTC',
                    })}{' '}
                    UTC
                  </time>
                </>
              ) : (
                'healthy'
              )}{' '}
              · {errorRate}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
