import Link from 'next/link';
import { requireAdminSession } from '@/server/admin/admin-page-session';
import styles from '../../_components/admin.module.css';
import { LlmList } from './llm-list';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Custom LLMs · AI Gateway admin' };

export default async function LlmsPage() {
  const runtime = await requireAdminSession();
  const stored = await runtime.customLlms.list();
  const items = await Promise.all(
    stored.map(async (item) => ({
      ...item,
      target_status: await runtime.gateway.targets({ publicId: item.public_id, definition: item.definition }),
    })),
  );
  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <h1 className={styles.title}>Custom LLMs</h1>
          <p className={styles.subtitle}>Models callers reach through the gateway, by public id.</p>
        </div>
        <Link href="/admin/llms/new" className={`${styles.button} ${styles.primary}`}>
          New definition
        </Link>
      </div>
      <LlmList initialItems={items} />
    </>
  );
}
