import { requireAdminSession } from '@/server/admin/admin-page-session';
import { createAdminTokenService } from '@/server/admin/admin-token-service';
import styles from '../../_components/admin.module.css';
import { AdminTokensManager } from './admin-tokens-manager';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Admin tokens · AI Gateway admin' };

export default async function AdminTokensPage() {
  const runtime = await requireAdminSession();
  const tokens = await createAdminTokenService(runtime.database).list();
  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <h1 className={styles.title}>Admin tokens</h1>
          <p className={styles.subtitle}>
            One named token per admin or script, so the audit log says who. GATEWAY_ADMIN_TOKEN stays the
            bootstrap token. Only a hash is stored; revoking a token ends its console sessions.
          </p>
        </div>
      </div>
      <AdminTokensManager initialTokens={tokens} />
    </>
  );
}
