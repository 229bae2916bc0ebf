import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bedrockDefinition } from './support/definitions';
import { environment } from './support/environment';
import { startTestGateway, type TestGateway } from './support/test-gateway';

/**
 * The real Claude Code CLI (`@anthropic-ai/claude-code`, pinned in devDependencies) through the
 * gateway to Claude on Bedrock (the emulator, which refuses what Bedrock refuses: system-role
 * messages, unknown betas and top-level keys, adaptive thinking on a budget-only model).
 */
const run = promisify(execFile);
const CLAUDE = fileURLToPath(new URL('../node_modules/.bin/claude', import.meta.url));
const MODEL_ID = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

let gateway: TestGateway;
let home: string;
let workDir: string;

beforeAll(async () => {
  gateway = await startTestGateway();
  await gateway.putDefinition('claude-code-sonnet', bedrockDefinition(gateway.emulator.url));
  home = mkdtempSync(path.join(tmpdir(), 'claude-code-home-'));
  workDir = mkdtempSync(path.join(tmpdir(), 'claude-code-work-'));
  writeFileSync(path.join(workDir, 'answer.txt'), 'the gateway answer is 42\n');
});
afterAll(async () => {
  await gateway?.close();
  for (const dir of [home, workDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => gateway.emulator.reset());

/** What the README tells a user to set, plus a throwaway home so nothing of this machine is read. */
function claudeEnv(): NodeJS.ProcessEnv {
  return environment({
    PATH: process.env.PATH,
    HOME: home,
    CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
    ANTHROPIC_BASE_URL: `${gateway.url}/api/gateway`,
    ANTHROPIC_API_KEY: gateway.callerKey,
    ANTHROPIC_MODEL: 'claude-code-sonnet',
    ANTHROPIC_DEFAULT_HAIKU_MODEL: 'claude-code-sonnet',
    ANTHROPIC_SMALL_FAST_MODEL: 'claude-code-sonnet',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
  });
}

type ClaudeResult = { is_error: boolean; result: string; num_turns: number; subtype: string };

async function claude(prompt: string, extraArgs: string[] = []): Promise<ClaudeResult> {
  const { stdout } = await run(CLAUDE, ['-p', prompt, '--output-format', 'json', ...extraArgs], {
    env: claudeEnv(),
    cwd: workDir,
    timeout: 90_000,
  });
  return JSON.parse(stdout) as ClaudeResult;
}

/** The Claude invoke bodies the emulator received (not CountTokens or anything else). */
function invokeBodies(): Array<Record<string, unknown>> {
  return gateway.emulator.requests
    .filter((request) => /\/invoke(-with-response-stream)?$/.test(request.path))
    .map((request) => JSON.parse(request.body) as Record<string, unknown>);
}

describe('Claude Code CLI through the gateway to Claude on Bedrock', () => {
  it('answers a plain prompt', { timeout: 120_000 }, async () => {
    gateway.emulator.setScenario(MODEL_ID, 'use-tool', {});
    const result = await claude('Say hello to the gateway');
    expect(result.is_error).toBe(false);
    expect(result.result).toContain('Hello from the emulator');
    const bodies = invokeBodies();
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies) {
      // Bedrock's rules held: only user/assistant turns, accepted betas, no `model`/`stream`.
      const roles = (body.messages as Array<{ role: string }>).map((message) => message.role);
      expect(roles.every((role) => role === 'user' || role === 'assistant')).toBe(true);
      expect(body.model).toBeUndefined();
      expect(body.anthropic_beta).not.toContain('claude-code-20250219');
    }
    const first = bodies[0] as Record<string, unknown>;
    // Claude Code asks for adaptive thinking; Sonnet 4.5 takes a budget (from output_config.effort).
    expect(first.thinking).toMatchObject({ type: 'enabled' });
    expect(first.output_config).toBeUndefined();
    // What Claude Code 2.1 sends (seven betas): the three Bedrock takes for Sonnet 4.5 remain, its
    // tool-search beta under Bedrock's name.
    expect(first.anthropic_beta).toEqual(
      expect.arrayContaining(['interleaved-thinking-2025-05-14', 'tool-search-tool-2025-10-19']),
    );
  });

  it('calls a tool and answers from its result', { timeout: 120_000 }, async () => {
    gateway.emulator.setScenario(MODEL_ID, 'use-tool', {
      toolName: 'Read',
      toolInput: { file_path: path.join(workDir, 'answer.txt') },
    });
    const result = await claude('What does answer.txt say?', ['--allowedTools', 'Read']);
    expect(result.is_error).toBe(false);
    expect(result.result).toContain('The tool returned:');
    expect(result.result).toContain('the gateway answer is 42');
    const bodies = invokeBodies();
    const last = bodies.at(-1) as { messages: Array<{ role: string; content: unknown }> };
    const toolResult = JSON.stringify(last.messages.at(-1)?.content);
    expect(toolResult).toContain('tool_result');
  });
});
