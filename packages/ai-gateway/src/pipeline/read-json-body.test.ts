import { describe, expect, it } from 'vitest';
import { isGatewayError } from '../errors/gateway-error';
import { exceedsJsonDepth, MAX_JSON_DEPTH, readJsonBody } from './read-json-body';

const post = (body: string) =>
  new Request('http://gateway.test/v1/chat/completions', { method: 'POST', body });

describe('readJsonBody nesting limit (issue 17 #3)', () => {
  it('refuses a body nested deeper than the limit before parsing, naming the problem', async () => {
    const nested = `{"model":"m","messages":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const error = await readJsonBody(post(nested), 10_000_000).catch((caught: unknown) => caught);
    expect(isGatewayError(error) && error.status).toBe(400);
    expect((error as Error).message).toMatch(/nested deeper than .* 64 levels/);
  });

  it('accepts the limit itself, and brackets inside strings (escaped quotes included) do not count', async () => {
    const atLimit = `{"a":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
    await expect(readJsonBody(post(atLimit), 1_000_000)).resolves.toBeTypeOf('object');
    const inString = JSON.stringify({ text: `\\"${'[{'.repeat(500)}` });
    expect(exceedsJsonDepth(inString, 8)).toBe(false);
    expect(exceedsJsonDepth(`{"a":"\\\\"${'['.repeat(9)}`, 8)).toBe(true);
  });

  it('scans a typical 1 MB chat body in a few milliseconds', () => {
    const message = { role: 'user', content: 'Tell me about "quotes" and [brackets] {too}. '.repeat(20) };
    const body = JSON.stringify({ model: 'm', messages: Array.from({ length: 1_100 }, () => message) });
    expect(body.length).toBeGreaterThan(1_000_000);
    const runs = 20;
    const started = performance.now();
    for (let run = 0; run < runs; run++) expect(exceedsJsonDepth(body, MAX_JSON_DEPTH)).toBe(false);
    const perScanMs = (performance.now() - started) / runs;
    console.info(`nesting scan of ${body.length} bytes: ${perScanMs.toFixed(3)} ms`);
    expect(perScanMs).toBeLessThan(20);
  });
});
