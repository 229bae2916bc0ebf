import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type EmulatorHandle, startEmulator } from '@gateway/bedrock-emulator';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, WIDE } from './browser';
import { type RunningApp, startApp } from './start-app';

/** The production app on its own embedded database, the Bedrock emulator and one Chromium page. */
export type ConsoleApp = {
  emulator: EmulatorHandle;
  baseUrl: string;
  adminToken: string;
  browser: Browser;
  page: Page;
  /** An admin API call with the bootstrap token (set-up that is not what the test is about). */
  admin(path: string, init?: { method?: string; body?: unknown; token?: string }): Promise<Response>;
  /** A gateway chat call with a caller key. */
  chat(key: string, model: string, text?: string): Promise<Response>;
  output(): string;
  stop(): Promise<void>;
};

export async function startConsoleApp(env: Record<string, string> = {}): Promise<ConsoleApp> {
  const emulator = await startEmulator();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-e2e-'));
  const adminToken = `e2e-admin-${randomBytes(16).toString('hex')}`;
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  try {
    app = await startApp({
      NODE_ENV: 'production',
      GATEWAY_DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: adminToken,
      GATEWAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      GATEWAY_ALLOWED_UPSTREAM_HOSTS: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: WIDE, acceptDownloads: true });
    const page = await context.newPage();
    // A missing element fails in seconds, not after Playwright's 30 s default.
    page.setDefaultTimeout(10_000);
    const baseUrl = app.url;
    const running = app;
    const opened = browser;
    return {
      emulator,
      baseUrl,
      adminToken,
      browser: opened,
      page,
      admin: (apiPath, init = {}) =>
        fetch(`${baseUrl}${apiPath}`, {
          method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
          headers: {
            authorization: `Bearer ${init.token ?? adminToken}`,
            ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        }),
      chat: (key, model, text = 'Hello') =>
        fetch(`${baseUrl}/api/gateway/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model, messages: [{ role: 'user', content: text }], max_tokens: 16 }),
        }),
      output: () => running.output(),
      stop: async () => {
        await opened.close();
        await running.stop();
        await emulator.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await app?.stop();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Signs in through the login form and waits for the console's first page. */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/admin/llms');
}
