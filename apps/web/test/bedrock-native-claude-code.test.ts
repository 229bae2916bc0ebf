import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { usageTotals } from '@gateway/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedrockDefinition } from './support/definitions';
import { environment } from './support/environment';
import { startTestGateway, type TestGateway } from './support/test-gateway';

const PROFILE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
/** The package's own launcher: it runs the native binary of this platform, postinstall or not. */
const CLAUDE_CODE = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@anthropic-ai/claude-code/package.json')),
  'cli-wrapper.cjs',
);

let gateway: TestGateway;
let home: string;

beforeAll(async () => {
  gateway = await startTestGateway();
  await gateway.putDefinition('claude', bedrockDefinition(gateway.emulator.url));
  home = mkdtempSync(path.join(tmpdir(), 'claude-code-home-'));
});
afterAll(async () => {
  await gateway?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

function runClaudeCode(prompt: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // No tools: the emulator's "model" calls the first tool it is offered; without tools it answers.
    const args = [CLAUDE_CODE, '-p', prompt, '--output-format', 'text', '--tools', ''];
    const child = spawn(process.execPath, args, {
      cwd: home,
      env: environment({
        PATH: process.env.PATH ?? '',
        HOME: home,
        CLAUDE_CODE_USE_BEDROCK: '1',
        ANTHROPIC_BEDROCK_BASE_URL: `${gateway.url}/api/gateway/bedrock`,
        AWS_BEARER_TOKEN_BEDROCK: gateway.callerKey,
        AWS_REGION: 'us-east-1',
        // The model ids Claude Code sends are the definition's internal id (resolved by the gateway).
        ANTHROPIC_MODEL: PROFILE,
        ANTHROPIC_SMALL_FAST_MODEL: PROFILE,
        ANTHROPIC_DEFAULT_HAIKU_MODEL: PROFILE,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        DISABLE_TELEMETRY: '1',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_ERROR_REPORTING: '1',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('Claude Code in Bedrock mode through the Bedrock-native endpoint', () => {
  it('answers one prompt, signed upstream with the definition credentials, usage recorded', async () => {
    const { code, stdout, stderr } = await runClaudeCode('Reply with the word pong.');
    expect({ code, stderr: stderr.slice(0, 2000) }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(stdout).toContain('Hello from the emulator. You said:');
    expect(stdout).toContain('Reply with the word pong.');

    const calls = gateway.emulator.requests.filter((request) => request.face === 'bedrock');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((call) => call.signatureVerified)).toBe(true);
    expect(calls.some((call) => call.path.endsWith('/invoke-with-response-stream'))).toBe(true);

    await gateway.runtime.usage.flush();
    const rows = await usageTotals(gateway.runtime.database, {
      from: new Date(Date.now() - 300_000),
      to: new Date(Date.now() + 60_000),
      groupBy: 'model',
    });
    const row = rows.find((candidate) => candidate.group === 'claude');
    expect(row?.output_tokens).toBeGreaterThan(0);
  }, 180_000);
});
