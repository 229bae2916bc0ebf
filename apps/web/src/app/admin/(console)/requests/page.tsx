import { requireAdminSession } from '@/server/admin/admin-page-session';
import styles from '../../_components/admin.module.css';
import { RequestLog } from './request-log';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Requests · AI Gateway admin' };

export default async function RequestsPage() {
  const runtime = await requireAdminSession();
  const keys = await runtime.apiKeys.list();
  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <h1 className={styles.title}>Requests</h1>
          <p className={styles.subtitle}>
            Every gateway request, newest first (kept{' '}
            {runtime.governance.config.GATEWAY_LOG_RETENTION_DAYS || 'all'} days). Bodies are never stored.
            Cost is empty for models without pricing.
          </p>
        </div>
      </div>
      <RequestLog keys={keys.map((key) => ({ id: key.id, label: `${key.name} (${key.key_prefix}…)` }))} />
    </>
  );
}
