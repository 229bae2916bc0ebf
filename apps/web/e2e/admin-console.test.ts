import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EMULATOR_DEFAULT_CREDENTIALS, type EmulatorHandle, startEmulator } from '@gateway/bedrock-emulator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotBoth, WIDE } from './support/browser';
import { type RunningApp, startApp } from './support/start-app';

const credential = EMULATOR_DEFAULT_CREDENTIALS[0]!;
const PUBLIC_ID = 'e2e/claude';
const KEY_NAME = `e2e-key-${randomBytes(3).toString('hex')}`;

let emulator: EmulatorHandle;
let app: RunningApp | undefined;
let baseUrl: string;
let adminToken: string;
let browser: Browser;
let page: Page;
let dataDir: string | undefined;

beforeAll(async () => {
  emulator = await startEmulator();
  if (process.env.E2E_BASE_URL) {
    // Against an app already running (e.g. `next dev` while working on the console).
    baseUrl = process.env.E2E_BASE_URL;
    adminToken = process.env.E2E_ADMIN_TOKEN ?? '';
    await fetch(`${baseUrl}/api/admin/custom-llms/${PUBLIC_ID}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${adminToken}` },
    });
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gateway-e2e-'));
    adminToken = `e2e-admin-${randomBytes(12).toString('hex')}`;
    app = await startApp({
      NODE_ENV: 'production',
      GATEWAY_DATA_DIR: dataDir,
      GATEWAY_ADMIN_TOKEN: adminToken,
      GATEWAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      GATEWAY_ALLOWED_UPSTREAM_HOSTS: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    baseUrl = app.url;
  }
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: WIDE });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await emulator?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const definitionText = (region: string) =>
  JSON.stringify(
    {
      internal_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      display_name: 'Claude Sonnet 4.5 (emulator)',
      context_length: 200000,
      base_url: emulator.url,
      aws_bedrock: {
        region,
        access_key_id: credential.accessKeyId,
        secret_access_key: credential.secretAccessKey,
      },
    },
    null,
    2,
  );

const editorText = async () => (await page.locator('.cm-content').textContent()) ?? '';

/** Replaces the whole editor document as a paste would. */
async function setEditorText(text: string) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

describe('admin console in Chromium against the production build', () => {
  it('refuses the console without a session and signs in with the admin token', async () => {
    await page.goto(`${baseUrl}/admin/llms`);
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.getByLabel('Admin token').fill('wrong-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#login-message').textContent()).toContain('not right');
    await screenshotBoth(page, '01-login');
    await page.getByLabel('Admin token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/admin/llms');
    await expect.poll(() => page.getByRole('heading', { name: 'Custom LLMs' }).count()).toBe(1);
  });

  it('creates a Bedrock definition from a template, with live validation at aws_bedrock.region', async () => {
    await page.getByRole('link', { name: 'New definition' }).click();
    await page.waitForURL('**/admin/llms/new');
    await page.getByLabel('Public id').fill(PUBLIC_ID);
    await page.getByRole('button', { name: 'Bedrock (access keys)' }).click();
    await expect.poll(editorText).toContain('"access_key_id"');
    await screenshotBoth(page, '02-editor-template');

    await setEditorText(definitionText('us-east-one'));
    const problem = page.locator('[data-testid="problems"] li[data-path="aws_bedrock.region"]');
    await expect.poll(() => problem.count()).toBe(1);
    await expect.poll(() => page.locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await screenshotBoth(page, '03-editor-invalid-region');

    // Activating the problem selects the bad value in the editor; typing replaces it.
    await problem.getByRole('button').click();
    await page.keyboard.insertText('"us-east-1"');
    await expect.poll(() => problem.count()).toBe(0);
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await expect.poll(() => save.isEnabled()).toBe(true);
    await save.click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Created' }).count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe(`/admin/llms/edit/${PUBLIC_ID}`);
    // The editor now holds the redacted definition, not the secret just typed.
    await expect.poll(editorText).toContain('••••');
    expect(await editorText()).not.toContain(credential.secretAccessKey);
  });

  it('lists it with a Bedrock badge showing auth mode and region', async () => {
    await page.goto(`${baseUrl}/admin/llms`);
    const row = page.locator(`tr[data-public-id="${PUBLIC_ID}"]`);
    const badge = row.locator('[data-provider="bedrock"]');
    await expect.poll(() => badge.textContent()).toContain('access keys · us-east-1');
    await screenshotBoth(page, '04-list');
  });

  it('shows the secret redacted after a reload, keeps it on an unchanged save, and connects', async () => {
    await page.goto(`${baseUrl}/admin/llms/edit/${PUBLIC_ID}`);
    await expect.poll(editorText).toContain('"secret_access_key": "••••');
    expect(await editorText()).not.toContain(credential.secretAccessKey);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);

    await page.getByRole('button', { name: `Test connection of ${PUBLIC_ID}` }).click();
    const result = page.getByTestId('connection-result');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('Connected');
    await screenshotBoth(page, '05-editor-saved-tested');
  });

  it('completes catalog model ids and shows hover docs from the definition schema', async () => {
    await page.locator('.cm-line', { hasText: '"internal_id"' }).click();
    // End of the line is after `",`; two steps left puts the cursor inside the string value.
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    // Leave "us.anthropic.claude" typed, so the catalog offers every Claude profile for the region.
    for (const _ of '-sonnet-4-5-20250929-v1:0') await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    const completion = page.locator('.cm-tooltip-autocomplete');
    await expect.poll(async () => (await completion.textContent()) ?? '').toContain('Claude Haiku 4.5');
    await screenshotBoth(page, '06-editor-completion');
    await page.keyboard.press('Escape');

    // Point at the key itself (the line is wider than its text).
    const key = await page.evaluate(() => {
      const line = [...document.querySelectorAll('.cm-line')].find((element) =>
        element.textContent?.includes('"region"'),
      );
      const walker = document.createTreeWalker(line!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const index = node.textContent?.indexOf('"region"') ?? -1;
        if (index < 0) continue;
        const range = document.createRange();
        range.setStart(node, index + 2);
        range.setEnd(node, index + 4);
        const rect = range.getBoundingClientRect();
        return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      }
      return undefined;
    });
    await page.mouse.move(key!.x, key!.y);
    const hover = page.locator('.cm-tooltip-hover');
    await expect.poll(async () => (await hover.textContent()) ?? '').toContain('AWS region');
  });

  it('creates a caller key (shown once), uses it, and revokes it', async () => {
    await page.goto(`${baseUrl}/admin/keys`);
    await page.getByLabel('New key name').fill(KEY_NAME);
    await page.getByRole('button', { name: 'Create key' }).click();
    const created = page.getByLabel('New caller key');
    await expect.poll(() => created.inputValue()).not.toBe('');
    const key = await created.inputValue();
    await screenshotBoth(page, '07-key-created');

    const call = await fetch(`${baseUrl}/api/gateway/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: PUBLIC_ID,
        messages: [{ role: 'user', content: 'Hello' }],
        max_tokens: 16,
      }),
    });
    expect(call.status).toBe(200);

    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: `Revoke key ${KEY_NAME}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this key?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await screenshotBoth(page, '08-key-revoke-confirm');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    const row = page.locator(`tr[data-key-name="${KEY_NAME}"]`);
    await expect.poll(() => row.textContent()).toContain('Revoked');
    await screenshotBoth(page, '09-keys');
  });

  it('shows usage totals by day, model and key', async () => {
    await page.goto(`${baseUrl}/admin/usage`);
    const byModel = page.getByRole('region', { name: 'Usage by model' });
    await expect.poll(() => byModel.textContent()).toContain(PUBLIC_ID);
    await screenshotBoth(page, '10-usage');
  });

  it('logs out, after which the console and the admin API refuse', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/admin');
    await page.goto(`${baseUrl}/admin/keys`);
    expect(new URL(page.url()).pathname).toBe('/admin');
    const status = await page.evaluate(async () => (await fetch('/api/admin/custom-llms')).status);
    expect(status).toBe(401);
  });
});
