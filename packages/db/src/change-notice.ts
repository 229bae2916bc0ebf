/** The tables whose rows instances cache and therefore must hear about when they change. */
export type ChangedTable = 'custom_llm2' | 'api_keys';

/**
 * A change to one cached row (`key` is the row's primary key), or `{ table: '*', key: '*' }`:
 * "notices may have been missed, drop every cached row" (sent after the listener reconnects).
 */
export type ChangeNotice = { table: ChangedTable; key: string } | { table: '*'; key: '*' };

export type ChangeListener = (change: ChangeNotice) => void;

/** The Postgres NOTIFY channel every instance LISTENs on. */
export const CHANGE_CHANNEL = 'gateway_changes';

export const RESYNC_NOTICE: ChangeNotice = { table: '*', key: '*' };

const changedTables: readonly string[] = ['custom_llm2', 'api_keys'] satisfies ChangedTable[];

/** Parses a NOTIFY payload; anything unexpected becomes a resync so no change is ever ignored. */
export function parseChangeNotice(payload: string | undefined): ChangeNotice {
  try {
    const value: unknown = JSON.parse(payload ?? '');
    if (typeof value === 'object' && value !== null && 'table' in value && 'key' in value) {
      const { table, key } = value;
      if (typeof table === 'string' && changedTables.includes(table) && typeof key === 'string') {
        return { table: table as ChangedTable, key };
      }
    }
  } catch {
    // fall through to a resync
  }
  return RESYNC_NOTICE;
}
