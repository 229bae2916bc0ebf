import { redirect } from 'next/navigation';
import { hasAdminSession } from '@/server/admin/admin-page-session';
import { LoginForm } from './_login/login-form';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in · AI Gateway admin' };

/** The login page: an admin token in, a session cookie out. Signed-in admins go straight on. */
export default async function AdminLoginPage({
  searchParams,
}: {
  searchParams: Promise<{ expired?: string }>;
}) {
  if (await hasAdminSession()) redirect('/admin/llms');
  const { expired } = await searchParams;
  return <LoginForm expired={expired === '1'} />;
}
