export const dynamic = 'force-dynamic';

/** Liveness: the process answers. Readiness (database, migrations) is /api/ready. */
export const GET = () => Response.json({ status: 'ok' });
