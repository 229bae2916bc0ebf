import Link from 'next/link';
import { requireAdminSession } from '@/server/admin/admin-page-session';
import styles from '../../../_components/admin.module.css';
import { DefinitionEditor } from '../../../_editor/definition-editor';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'New definition · AI Gateway admin' };

export default async function NewLlmPage() {
  await requireAdminSession();
  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <p className={styles.subtitle}>
            <Link href="/admin/llms">Custom LLMs</Link> /
          </p>
          <h1 className={styles.title}>New definition</h1>
        </div>
      </div>
      <DefinitionEditor />
    </>
  );
}
