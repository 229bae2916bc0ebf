import { requireAdminSession } from '@/server/admin/admin-page-session';
import styles from '../../_components/admin.module.css';
import { KeysManager } from './keys-manager';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Caller keys · AI Gateway admin' };

export default async function KeysPage() {
  const runtime = await requireAdminSession();
  const keys = await runtime.apiKeys.list();
  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <h1 className={styles.title}>Caller keys</h1>
          <p className={styles.subtitle}>
            Keys apps send as Authorization: Bearer or x-api-key. Only a hash is stored.
          </p>
        </div>
      </div>
      <KeysManager initialKeys={keys} />
    </>
  );
}
