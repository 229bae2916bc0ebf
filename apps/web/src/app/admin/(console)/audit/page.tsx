import { requireAdminSession } from '@/server/admin/admin-page-session';
import { createAuditLog } from '@/server/admin/audit-log';
import styles from '../../_components/admin.module.css';
import { AuditList } from './audit-list';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Audit log · AI Gateway admin' };

export default async function AuditPage() {
  const runtime = await requireAdminSession();
  const first = await createAuditLog(runtime.database, runtime.logger).page(undefined);
  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <h1 className={styles.title}>Audit log</h1>
          <p className={styles.subtitle}>
            Every admin change: who made it (the bootstrap token or a named admin token), what, and a diff
            with secrets masked.
          </p>
        </div>
      </div>
      <AuditList initial={first} />
    </>
  );
}
