import { type AdminApi, createAdminApi } from './admin/admin-api';
import { createRouter, type Router } from './http/router';
import { getRuntime } from './runtime';

let adminApi: Promise<AdminApi> | undefined;
let router: Promise<Router> | undefined;

/** The admin API over the process-wide runtime. */
export function getAdminApi(): Promise<AdminApi> {
  adminApi ??= getRuntime().then(createAdminApi);
  return adminApi;
}

/** The one router (gateway, admin, operations) over the process-wide runtime. */
export function getRouter(): Promise<Router> {
  router ??= Promise.all([getRuntime(), getAdminApi()]).then(([runtime, admin]) =>
    createRouter(runtime, admin),
  );
  return router;
}

export { getRuntime };
