'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import styles from './admin.module.css';

const LINKS = [
  { href: '/admin/llms', label: 'Custom LLMs' },
  { href: '/admin/keys', label: 'Caller keys' },
  { href: '/admin/usage', label: 'Usage' },
  { href: '/admin/requests', label: 'Requests' },
  { href: '/admin/audit', label: 'Audit' },
  { href: '/admin/admin-tokens', label: 'Admin tokens' },
];

export function ConsoleNav() {
  const pathname = usePathname();
  const [leaving, setLeaving] = useState(false);
  const logout = async () => {
    setLeaving(true);
    await fetch('/api/admin/session', { method: 'DELETE', credentials: 'same-origin' }).catch(
      () => undefined,
    );
    window.location.assign('/admin');
  };
  return (
    <header className={styles.header}>
      <div className={styles.headerInner}>
        <Link href="/admin/llms" className={styles.brand}>
          AI Gateway admin
        </Link>
        <nav aria-label="Admin sections" className={styles.nav}>
          {LINKS.map((link) => (
            <Link
              key={link.href}
              href={link.href}
              className={styles.navLink}
              aria-current={pathname.startsWith(link.href) ? 'page' : undefined}
            >
              {link.label}
            </Link>
          ))}
        </nav>
        <button type="button" className={styles.logout} onClick={logout} disabled={leaving}>
          Log out
        </button>
      </div>
    </header>
  );
}
