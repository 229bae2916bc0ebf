import type { ReactNode } from 'react';
import { requireAdminSession } from '@/server/admin/admin-page-session';
import styles from '../_components/admin.module.css';
import { ConsoleNav } from '../_components/console-nav';

export const dynamic = 'force-dynamic';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  await requireAdminSession();
  return (
    <div className={styles.shell}>
      <ConsoleNav />
      <main className={styles.main}>{children}</main>
    </div>
  );
}
