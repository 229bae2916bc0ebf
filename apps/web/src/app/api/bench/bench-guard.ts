/**
 * The /api/bench/* routes exist ONLY for `pnpm bench` (apps/web/bench/run.ts): they measure what
 * Next.js itself costs, so the gateway's route handlers can be compared with the floor. They answer
 * 404 unless GATEWAY_BENCH_ROUTES=1, so a deployment never exposes them.
 */
export const benchRoutesEnabled = () => process.env.GATEWAY_BENCH_ROUTES === '1';

export const benchNotFound = () => Response.json({ error: { message: 'Not found.' } }, { status: 404 });
