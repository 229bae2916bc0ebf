import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @gateway/db db:generate` writes SQL migrations to ./drizzle; they are committed
// and applied at start-up by `migrate()` (never `drizzle-kit push` outside scratch databases).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema.ts',
  out: './drizzle',
});
