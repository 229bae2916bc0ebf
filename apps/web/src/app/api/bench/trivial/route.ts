import { benchNotFound, benchRoutesEnabled } from '../bench-guard';

export const dynamic = 'force-dynamic';

/** Benchmark only (see ../bench-guard.ts): the cost of a Next.js route handler doing nothing. */
export const POST = () => (benchRoutesEnabled() ? Response.json({ ok: true }) : benchNotFound());
