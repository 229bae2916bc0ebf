export {
  CHANGE_CHANNEL,
  type ChangedTable,
  type ChangeListener,
  type ChangeNotice,
  parseChangeNotice,
  RESYNC_NOTICE,
} from './change-notice';
export { type CreateDatabaseOptions, createDatabase, DEFAULT_DATA_DIR } from './client';
export { LISTENER_APPLICATION_NAME } from './client/postgres-change-listener';
export type { Database, DatabaseKind, GatewayDb, GatewayTransaction } from './database';
export { defaultMigrationsFolder, type MigrateOptions, migrate, migrationsAreCurrent } from './migrate';
export {
  type AuditEntryInput,
  deleteAdminSession,
  deleteExpiredAdminSessions,
  findActiveAdminTokenByHash,
  findAdminSession,
  insertAdminSession,
  insertAdminToken,
  insertAuditEntry,
  listAdminTokens,
  listAuditEntries,
  revokeAdminToken,
  touchAdminToken,
} from './queries/admin-security';
export {
  findApiKeyByHash,
  type InsertApiKeyInput,
  insertApiKey,
  listActiveApiKeys,
  listApiKeys,
  revokeApiKey,
  touchApiKeysLastUsed,
  updateApiKeyLimits,
} from './queries/api-keys';
export {
  deleteCustomLlm,
  getCustomLlm,
  listCustomLlms,
  type UpsertCustomLlmInput,
  type UpsertCustomLlmResult,
  upsertCustomLlm,
} from './queries/custom-llms';
export {
  decodeRequestLogCursor,
  deleteRequestLogBefore,
  encodeRequestLogCursor,
  listRequestLog,
  type RequestLogQuery,
  type RequestLogRow,
  usageSince,
} from './queries/request-log';
export {
  deleteExpiredStoredResponses,
  deleteStoredResponse,
  getStoredResponse,
  type SaveStoredResponseInput,
  saveStoredResponse,
} from './queries/stored-responses';
export {
  insertUsageRecords,
  tokensUsedSince,
  type UsageGroupBy,
  type UsageTotalsQuery,
  type UsageTotalsRow,
  usageTotals,
} from './queries/usage';
export * from './schema';
