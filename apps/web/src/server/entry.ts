import { type AdminApi, createAdminApi } from './admin/admin-api';
import { getRuntime } from './runtime';

let adminApi: Promise<AdminApi> | undefined;

/** The admin API over the process-wide runtime. */
export function getAdminApi(): Promise<AdminApi> {
  adminApi ??= getRuntime().then(createAdminApi);
  return adminApi;
}

export { getRuntime };
