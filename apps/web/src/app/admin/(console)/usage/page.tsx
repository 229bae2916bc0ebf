import { usageTotals } from '@gateway/db';
import { requireAdminSession } from '@/server/admin/admin-page-session';
import styles from '../../_components/admin.module.css';
import { defaultRange, queryBounds } from './usage-range';
import { UsageReport } from './usage-report';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Usage · AI Gateway admin' };

export default async function UsagePage() {
  const runtime = await requireAdminSession();
  const range = defaultRange(new Date());
  const { from, to } = queryBounds(range);
  await runtime.usage.flush();
  const [byModel, byKey, byDay, keys] = await Promise.all([
    usageTotals(runtime.database, { from: new Date(from), to: new Date(to), groupBy: 'model' }),
    usageTotals(runtime.database, { from: new Date(from), to: new Date(to), groupBy: 'key' }),
    usageTotals(runtime.database, { from: new Date(from), to: new Date(to), groupBy: 'day' }),
    runtime.apiKeys.list(),
  ]);
  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <h1 className={styles.title}>Usage</h1>
          <p className={styles.subtitle}>Requests, tokens and cost through the gateway (UTC days).</p>
        </div>
      </div>
      <UsageReport
        initialRange={range}
        initialTotals={{ model: byModel, key: byKey, day: byDay }}
        keyNames={Object.fromEntries(keys.map((key) => [key.id, `${key.name} (${key.key_prefix}…)`]))}
      />
    </>
  );
}
