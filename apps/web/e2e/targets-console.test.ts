import { EMULATOR_DEFAULT_CREDENTIALS } from '@gateway/bedrock-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshotBoth } from './support/browser';
import { type ConsoleApp, signIn, startConsoleApp } from './support/console-app';

const credential = EMULATOR_DEFAULT_CREDENTIALS[0]!;
const PUBLIC_ID = 'e2e/claude-two-regions';
const MODEL_ID = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const THROTTLED_REGION = 'us-west-2';

type TargetStatus = { name: string; state: string; cooling_down_until?: string; recent_failures: number };

let app: ConsoleApp;
let callerKey: string;

const bedrock = (region: string) => ({
  region,
  access_key_id: credential.accessKeyId,
  secret_access_key: credential.secretAccessKey,
});

beforeAll(async () => {
  // A cooldown long enough to outlast the screenshots (a 429 cools a target down at once).
  app = await startConsoleApp({ GATEWAY_TARGET_COOLDOWN_MS: '120000' });
  const put = await app.admin(`/api/admin/custom-llms/${PUBLIC_ID}`, {
    method: 'PUT',
    body: {
      internal_id: MODEL_ID,
      display_name: 'Claude Sonnet 4.5 (two regions)',
      context_length: 200000,
      base_url: app.emulator.url,
      aws_bedrock: bedrock('us-east-1'),
      targets: [
        { name: 'us-east', aws_bedrock: bedrock('us-east-1') },
        { name: 'us-west', aws_bedrock: bedrock(THROTTLED_REGION) },
      ],
    },
  });
  expect(put.status, await put.clone().text()).toBe(201);
  const key = await app.admin('/api/admin/api-keys', { body: { name: 'e2e-targets' } });
  callerKey = ((await key.json()) as { key: string }).key;
});

afterAll(async () => {
  await app?.stop();
});

const targetStatus = async (): Promise<TargetStatus[]> => {
  const answer = await app.admin(`/api/admin/custom-llms/${PUBLIC_ID}`);
  return ((await answer.json()) as { target_status: TargetStatus[] }).target_status;
};

describe('targets and cooldowns in the console', () => {
  it('shows both targets healthy before any traffic', async () => {
    await signIn(app.page, app.baseUrl, app.adminToken);
    const row = app.page.locator(`tr[data-public-id="${PUBLIC_ID}"]`);
    await expect.poll(() => row.locator('li[data-state="healthy"]').count()).toBe(2);
    expect(await row.locator('li[data-target="us-west"]').textContent()).toContain(THROTTLED_REGION);
    await screenshotBoth(app.page, '20-targets-list-healthy');
  });

  it('keeps answering while one region throttles, and shows that target cooling down', async () => {
    app.emulator.setRegionFault(THROTTLED_REGION, 'throttle');
    // Weighted random picks us-west for about half of the calls; its first 429 cools it down
    // and the call fails over to us-east, so the caller never sees the throttle.
    for (let call = 0; call < 30; call++) {
      const answer = await app.chat(callerKey, PUBLIC_ID);
      expect(answer.status).toBe(200);
      await answer.arrayBuffer();
      const west = (await targetStatus()).find((target) => target.name === 'us-west');
      if (west?.state === 'cooling_down') break;
    }
    const west = (await targetStatus()).find((target) => target.name === 'us-west');
    expect(west?.state).toBe('cooling_down');
    expect(Date.parse(west?.cooling_down_until ?? '')).toBeGreaterThan(Date.now() + 60_000);
    // While it cools down, every call goes to us-east without touching the throttled region.
    const answer = await app.chat(callerKey, PUBLIC_ID);
    expect(answer.headers.get('x-gateway-target')).toBe('us-east');

    const page = app.page;
    await page.goto(`${app.baseUrl}/admin/llms`);
    const row = page.locator(`tr[data-public-id="${PUBLIC_ID}"]`);
    const cooling = row.locator('li[data-target="us-west"]');
    expect(await cooling.getAttribute('data-state')).toBe('cooling_down');
    expect(await cooling.textContent()).toMatch(/cooling down until \d\d:\d\d:\d\d UTC · 100% errors of \d+/);
    expect(await row.locator('li[data-target="us-east"]').textContent()).toContain('healthy');
    await screenshotBoth(page, '21-targets-list-cooling-down');
  });

  it('shows the targets with their state above the editor, secrets masked in every target', async () => {
    const page = app.page;
    await page.getByRole('link', { name: `Edit ${PUBLIC_ID}` }).click();
    await page.waitForURL(`**/admin/llms/edit/${PUBLIC_ID}`);
    const targets = page.getByRole('region', { name: /Targets/ });
    await expect.poll(() => targets.locator('li[data-state="cooling_down"]').count()).toBe(1);
    const text = async () => (await page.locator('.cm-content').textContent()) ?? '';
    await expect.poll(text).toContain('"targets"');
    expect(await text()).not.toContain(credential.secretAccessKey);
    expect((await text()).match(/"secret_access_key": "••••/g)?.length).toBe(3);
    await screenshotBoth(page, '22-targets-editor-cooling-down');
  });

  it('validates targets live: a duplicate target name is a problem at its path', async () => {
    const page = app.page;
    // The stored definition as the console shows it (masked), with the second target renamed.
    const stored = (await (await app.admin(`/api/admin/custom-llms/${PUBLIC_ID}`)).json()) as {
      definition: { targets: { name: string }[] };
    };
    stored.definition.targets[1]!.name = 'us-east';
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText(JSON.stringify(stored.definition, null, 2));
    const problem = page.locator('[data-testid="problems"] li[data-path="targets[1].name"]');
    await expect.poll(() => problem.count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await screenshotBoth(page, '23-targets-editor-duplicate-name');
  });
});
