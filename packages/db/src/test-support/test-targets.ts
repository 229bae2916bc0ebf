import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import { type CreateDatabaseOptions, createDatabase } from '../client';
import type { Database, DatabaseKind } from '../database';
import { createThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres';

/** The Postgres server to test against (CI: postgres://postgres@127.0.0.1:5432/test), if any. */
export const postgresServerUrl = process.env.DATABASE_URL || undefined;

export const POSTGRES_SKIP_REASON = 'DATABASE_URL is unset, so the real-Postgres variant is skipped';

export type OpenOptions = Omit<CreateDatabaseOptions, 'databaseUrl' | 'dataDir'>;

export type TestTarget = {
  kind: DatabaseKind;
  /**
   * Opens a Database: on Postgres a new instance on this suite's throwaway database (so two calls
   * behave like two app instances); on PGlite a fresh in-memory database. Closed after the suite.
   */
  open(options?: OpenOptions): Promise<Database>;
  /** The throwaway database's URL (Postgres only). */
  url(): string;
};

let pgliteTemplate: Promise<Blob> | undefined;

/** The initdb'd data dir made once per run by pglite-template-setup.ts. */
export function loadPgliteTemplate(): Promise<Blob> {
  pgliteTemplate ??= readFile(inject('pgliteTemplatePath')).then((bytes) => new Blob([bytes]));
  return pgliteTemplate;
}

/** Registers the suite hooks of one target; call inside a `describe`. */
export function registerTarget(kind: DatabaseKind): TestTarget {
  let throwaway: ThrowawayPostgres | undefined;
  const opened: Database[] = [];
  if (kind === 'postgres' && postgresServerUrl) {
    beforeAll(async () => {
      throwaway = await createThrowawayPostgres(postgresServerUrl!);
    });
  }
  afterAll(async () => {
    await Promise.all(opened.splice(0).map((database) => database.close().catch(() => undefined)));
    await throwaway?.drop();
  });
  return {
    kind,
    async open(options = {}) {
      const database = await createDatabase(
        kind === 'postgres'
          ? { ...options, databaseUrl: throwaway!.url }
          : { ...options, dataDir: 'memory://' },
      );
      opened.push(database);
      return database;
    },
    url() {
      if (!throwaway) throw new Error('no throwaway Postgres database for this target');
      return throwaway.url;
    },
  };
}

/** Runs `body` once on PGlite and, when DATABASE_URL is set, once more on real Postgres. */
export function describeEachTarget(title: string, body: (target: TestTarget) => void): void {
  describe(`${title} (pglite)`, () => body(registerTarget('pglite')));
  if (!postgresServerUrl) console.info(`${title} (postgres): ${POSTGRES_SKIP_REASON}`);
  describe.skipIf(!postgresServerUrl)(`${title} (postgres)`, () => body(registerTarget('postgres')));
}

/** One Database for the suite, emptied before each test. Read `.current` inside tests. */
export function useEmptyDatabase(target: TestTarget): { current: Database } {
  const holder = {} as { current: Database };
  beforeAll(async () => {
    holder.current = await target.open();
  });
  beforeEach(async () => {
    await holder.current.db.execute(sql`truncate custom_llm2, api_keys, usage_records restart identity`);
  });
  return holder;
}
