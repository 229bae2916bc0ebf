import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type DevSecrets = {
  admin_token: string;
  encryption_key: string;
  /** The development caller key, kept so `pnpm dev` can show it again (the database has its hash only). */
  caller_key?: string;
  created: boolean;
};

/**
 * Development only: the admin token, encryption key and a caller key are generated once and kept
 * in the data dir (mode 0600), so a newcomer needs no set-up. Production must set them in the
 * environment.
 */
export function ensureDevSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Omit<DevSecrets, 'created'>;
    return { ...stored, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    admin_token: `gw-admin-${randomBytes(24).toString('base64url')}`,
    encryption_key: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return { ...secrets, created: true };
}

/** The development secrets `pnpm dev` wrote, if any; never creates them (the CLI reads only). */
export function readDevSecrets(dataDir: string): Omit<DevSecrets, 'created'> | undefined {
  const file = path.join(dataDir, 'dev-secrets.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as Omit<DevSecrets, 'created'>;
}

/** Remembers the development caller key beside the other development secrets. */
export function storeDevCallerKey(dataDir: string, callerKey: string): void {
  const file = path.join(dataDir, 'dev-secrets.json');
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  writeFileSync(file, `${JSON.stringify({ ...stored, caller_key: callerKey }, null, 2)}\n`, { mode: 0o600 });
}
