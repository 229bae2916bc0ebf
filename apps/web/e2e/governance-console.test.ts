import { readFileSync } from 'node:fs';
import { EMULATOR_DEFAULT_CREDENTIALS } from '@gateway/bedrock-emulator';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotBoth } from './support/browser';
import { type ConsoleApp, signIn, startConsoleApp } from './support/console-app';

const credential = EMULATOR_DEFAULT_CREDENTIALS[0]!;
const MODEL = 'e2e/claude';
const MISSING_MODEL = 'e2e/no-such-model';
const NOT_FOUND_CALLS = 51;

let app: ConsoleApp;
let page: Page;
const keys: Record<'caller' | 'limited', { id: string; key: string }> = {
  caller: { id: '', key: '' },
  limited: { id: '', key: '' },
};
let robotToken = '';

beforeAll(async () => {
  app = await startConsoleApp();
  page = app.page;
  const put = await app.admin(`/api/admin/custom-llms/${MODEL}`, {
    method: 'PUT',
    body: {
      internal_id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      display_name: 'Claude Sonnet 4.5 (emulator)',
      context_length: 200000,
      base_url: app.emulator.url,
      aws_bedrock: {
        region: 'us-east-1',
        access_key_id: credential.accessKeyId,
        secret_access_key: credential.secretAccessKey,
      },
    },
  });
  expect(put.status, await put.clone().text()).toBe(201);
});

afterAll(async () => {
  await app?.stop();
});

const keyIdOf = async (name: string) => {
  const listed = (await (await app.admin('/api/admin/api-keys')).json()) as {
    data: { id: string; name: string }[];
  };
  return listed.data.find((key) => key.name === name)?.id ?? '';
};

/** Creates a caller key through the form (limits by label) and returns the key shown once. */
async function createKeyInPage(name: string, limits: Record<string, string> = {}) {
  await page.getByLabel('New key name').fill(name);
  for (const [label, value] of Object.entries(limits)) {
    await page.locator('form').getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByRole('button', { name: 'Create key' }).click();
  const created = page.getByLabel('New caller key');
  await expect.poll(() => created.count()).toBe(1);
  await expect.poll(() => created.inputValue()).toMatch(/\S{20,}/);
  return created.inputValue();
}

const logRows = () => page.locator('table tbody tr[data-request-id]');
const columnTexts = async (label: string) => logRows().locator(`td[data-label="${label}"]`).allTextContents();

/** Sets the request-log filter form and applies it, waiting for the table to answer. */
async function applyFilter(filter: {
  model?: string;
  key?: string;
  status?: string;
  from?: string;
  to?: string;
}) {
  await page.getByLabel('From (UTC day)').fill(filter.from ?? '');
  await page.getByLabel('To (UTC day)').fill(filter.to ?? '');
  await page.getByLabel('Model', { exact: true }).fill(filter.model ?? '');
  await page.getByLabel('Key', { exact: true }).selectOption(filter.key ?? '');
  await page.getByLabel('Status', { exact: true }).selectOption(filter.status ?? '');
  const answered = page.waitForResponse((response) => response.url().includes('/api/admin/requests?'));
  await page.getByRole('button', { name: 'Apply' }).click();
  await answered;
  await expect.poll(() => page.locator('table[aria-busy="true"]').count()).toBe(0);
}

describe('governance pages of the console in Chromium', () => {
  it('creates caller keys with limits on the Keys page and edits a key’s limits', async () => {
    await signIn(page, app.baseUrl, app.adminToken);
    await page.goto(`${app.baseUrl}/admin/keys`);
    keys.caller.key = await createKeyInPage('e2e-caller');
    await page.getByRole('button', { name: 'Done' }).click();
    keys.limited.key = await createKeyInPage('e2e-limited', { 'Requests / minute': '1' });
    await page.getByRole('button', { name: 'Done' }).click();
    keys.caller.id = await keyIdOf('e2e-caller');
    keys.limited.id = await keyIdOf('e2e-limited');
    await expect
      .poll(() => page.locator('tr[data-key-name="e2e-limited"] td[data-label="Limits"]').textContent())
      .toBe('all models · 1 req/min');

    await page.getByRole('button', { name: 'Edit limits of key e2e-caller' }).click();
    const dialog = page.getByRole('dialog', { name: 'Limits of e2e-caller' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Tokens / minute').fill('100000');
    await dialog.getByLabel('Daily $').fill('2.5');
    await screenshotBoth(page, '30-key-limits-dialog');
    await dialog.getByRole('button', { name: 'Save limits' }).click();
    await expect
      .poll(() => page.locator('tr[data-key-name="e2e-caller"] td[data-label="Limits"]').textContent())
      .toBe('all models · 100,000 tok/min · $2.5/day');
    await screenshotBoth(page, '31-keys-with-limits');
  });

  it('logs gateway calls: successes, a 404 and a 429 from a key with rpm 1', async () => {
    for (let call = 0; call < 3; call++) {
      const answer = await app.chat(keys.caller.key, MODEL);
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
    }
    // Enough rows of one filter for a second page (the console shows 50 per page).
    for (let batch = 0; batch < NOT_FOUND_CALLS; batch += 17) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(17, NOT_FOUND_CALLS - batch) }, () =>
          app.chat(keys.caller.key, MISSING_MODEL),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(404);
        await answer.arrayBuffer();
      }
    }
    const first = await app.chat(keys.limited.key, MODEL);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit-requests')).toBe('1');
    await first.arrayBuffer();
    const second = await app.chat(keys.limited.key, MODEL);
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');

    await page.goto(`${app.baseUrl}/admin/requests`);
    await expect.poll(() => logRows().count()).toBe(50);
    await screenshotBoth(page, '32-requests');
  });

  it('filters by status and pages with the cursor', async () => {
    await applyFilter({ status: '4xx' });
    await expect.poll(() => logRows().count()).toBe(50);
    for (const status of await columnTexts('Status')) expect(status).toMatch(/^4\d\d/);
    const firstPage = await logRows().evaluateAll((rows) =>
      rows.map((row) => row.getAttribute('data-request-id')),
    );
    const older = page.getByRole('button', { name: 'Older' });
    const newer = page.getByRole('button', { name: 'Newer' });
    expect(await newer.isDisabled()).toBe(true);
    await older.click();
    await expect.poll(() => logRows().count()).toBe(NOT_FOUND_CALLS + 1 - 50);
    const secondPage = await logRows().evaluateAll((rows) =>
      rows.map((row) => row.getAttribute('data-request-id')),
    );
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
    await expect.poll(() => older.isDisabled()).toBe(true);
    await screenshotBoth(page, '33-requests-4xx-older-page');
    await newer.click();
    await expect
      .poll(() => logRows().evaluateAll((rows) => rows.map((row) => row.getAttribute('data-request-id'))))
      .toEqual(firstPage);

    await applyFilter({ status: '429' });
    await expect.poll(() => logRows().count()).toBe(1);
    expect(await columnTexts('Status')).toEqual(['429 rate_limit_exceeded']);
    expect((await columnTexts('Key'))[0]).toContain('e2e-limited');
  });

  it('opens a request in the detail drawer', async () => {
    await logRows().first().getByRole('button').click();
    const drawer = page.getByRole('dialog', { name: 'Request' });
    await expect.poll(() => drawer.isVisible()).toBe(true);
    const text = (await drawer.textContent()) ?? '';
    expect(text).toContain('rate_limit_exceeded');
    expect(text).toContain(MODEL);
    expect(text).toContain('e2e-limited');
    await screenshotBoth(page, '34-request-detail');
    await drawer.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => drawer.isVisible()).toBe(false);
  });

  it('filters by model, key and day, and exports exactly the filtered rows as CSV', async () => {
    const today = new Date().toISOString().slice(0, 10);
    await applyFilter({ model: MODEL, status: '2xx', from: today, to: today });
    await expect.poll(() => logRows().count()).toBe(4);
    expect(new Set(await columnTexts('Model'))).toEqual(new Set([MODEL]));
    await screenshotBoth(page, '35-requests-filtered');
    const shown = await logRows().evaluateAll((rows) =>
      rows.map((row) => row.getAttribute('data-request-id')),
    );

    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('requests.csv');
    const [header, ...lines] = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\n');
    const columns = header!.split(',');
    const rows = lines.map((line) =>
      Object.fromEntries(line.split(',').map((cell, index) => [columns[index], cell])),
    );
    expect(rows).toHaveLength(4);
    expect(rows.map((row) => row.request_id)).toEqual(shown);
    for (const row of rows) {
      expect(row.model).toBe(MODEL);
      expect(row.status).toBe('200');
    }

    await applyFilter({ key: keys.limited.id });
    await expect.poll(() => logRows().count()).toBe(2);
    expect((await columnTexts('Status')).sort()).toEqual(['200', '429 rate_limit_exceeded']);
  });

  it('creates a named admin token (shown once), whose changes the audit log attributes to it, and revokes it', async () => {
    await page.goto(`${app.baseUrl}/admin/admin-tokens`);
    await page.getByLabel('New admin token name').fill('e2e-robot');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shownOnce = page.getByLabel('New admin token', { exact: true });
    await expect.poll(() => shownOnce.inputValue()).toMatch(/\S{32,}/);
    robotToken = await shownOnce.inputValue();
    await screenshotBoth(page, '36-admin-token-created');

    const created = await app.admin('/api/admin/api-keys', {
      body: { name: 'made-by-robot' },
      token: robotToken,
    });
    expect(created.status).toBe(201);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    expect(await page.content()).not.toContain(robotToken);

    await page.getByRole('button', { name: 'Revoke admin token e2e-robot' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this admin token?' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await screenshotBoth(page, '37-admin-token-revoke-confirm');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => page.locator('tbody').textContent()).toContain('Revoked');
    await screenshotBoth(page, '38-admin-tokens');
    const refused = await app.admin('/api/admin/api-keys', { token: robotToken });
    expect(refused.status).toBe(401);
  });

  it('lists every change in the audit log with its actor and masked diffs', async () => {
    await page.goto(`${app.baseUrl}/admin/audit`);
    const row = (action: string, subject?: string) =>
      page
        .locator('tbody tr')
        .filter({ has: page.locator('td[data-label="Action"]', { hasText: action }) })
        .filter(subject ? { has: page.locator('td[data-label="Subject"]', { hasText: subject }) } : {});
    const actorOf = async (action: string, subject?: string) =>
      row(action, subject).first().locator('td[data-label="Actor"]').textContent();

    await expect.poll(() => row('custom_llm.created', MODEL).count()).toBe(1);
    expect(await actorOf('custom_llm.created', MODEL)).toBe('bootstrap');
    expect(await actorOf('admin.login')).toBe('bootstrap');
    expect(await row('api_key.created').count()).toBe(3);
    expect(await actorOf('api_key.limits_changed', keys.caller.id)).toBe('bootstrap');
    expect(await actorOf('admin_token.created')).toBe('bootstrap');
    expect(await actorOf('admin_token.revoked')).toBe('bootstrap');
    // The key the named token created is attributed to that token's name.
    const byRobot = page
      .locator('tbody tr')
      .filter({ has: page.locator('td[data-label="Actor"]', { hasText: 'e2e-robot' }) });
    expect(await byRobot.locator('td[data-label="Action"]').allTextContents()).toEqual(['api_key.created']);

    // The definition's diff shows its secret masked, never the value.
    const definitionRow = row('custom_llm.created', MODEL);
    await definitionRow.locator('summary').click();
    const diff = (await definitionRow.locator('pre').textContent()) ?? '';
    expect(diff).toContain('"secret_access_key"');
    expect(diff).toContain('••••');
    const limitsRow = row('api_key.limits_changed', keys.caller.id);
    await limitsRow.locator('summary').click();
    expect(await limitsRow.locator('pre').textContent()).toContain('"tpm": 100000');
    const everything = await page.content();
    for (const secret of [credential.secretAccessKey, app.adminToken, robotToken, keys.caller.key]) {
      expect(everything).not.toContain(secret);
    }
    await screenshotBoth(page, '39-audit');
  });
});
