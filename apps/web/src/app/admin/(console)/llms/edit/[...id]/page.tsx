import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireAdminSession } from '@/server/admin/admin-page-session';
import styles from '../../../../_components/admin.module.css';
import { TargetStatusList } from '../../../../_components/target-status-list';
import { DefinitionEditor } from '../../../../_editor/definition-editor';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Edit definition · AI Gateway admin' };

/** `public_id` may contain "/", so it is the whole rest of the path. */
export default async function EditLlmPage({ params }: { params: Promise<{ id: string[] }> }) {
  const runtime = await requireAdminSession();
  const publicId = (await params).id.map((segment) => decodeURIComponent(segment)).join('/');
  const found = await runtime.customLlms.get(publicId);
  if (!found) notFound();
  const targets = await runtime.gateway.targets({ publicId: found.public_id, definition: found.definition });
  return (
    <>
      <div className={styles.pageHeader}>
        <div>
          <p className={styles.subtitle}>
            <Link href="/admin/llms">Custom LLMs</Link> /
          </p>
          <h1 className={`${styles.title} ${styles.mono}`} style={{ fontSize: '1.4rem' }}>
            {found.public_id}
          </h1>
        </div>
      </div>
      <section aria-labelledby="targets-heading" style={{ marginBottom: '1rem' }}>
        <h2 id="targets-heading" className={styles.label} style={{ margin: '0 0 0.4rem' }}>
          Targets{' '}
          <span className={styles.hint} style={{ fontWeight: 400 }}>
            (state on this instance; cooldowns are shared through Redis when REDIS_URL is set)
          </span>
        </h2>
        <TargetStatusList targets={targets} />
      </section>
      <DefinitionEditor key={found.updated_at} publicId={found.public_id} definition={found.definition} />
    </>
  );
}
