import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SourceMapGenerator } from 'source-map-js';
import { afterAll, describe, expect, it } from 'vitest';
import { breakdownPerRequest, type CpuProfile } from '../bench/profile-breakdown';

/**
 * bench/profile.ts's per-request breakdown (issue 18): the explanation of the route mode's gap in
 * BENCHMARKS.md rests on it, so its attribution is checked here, bundled Next chunks included.
 */
const folder = mkdtempSync(path.join(tmpdir(), 'profile-breakdown-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A one-line "chunk" whose columns 0 and 100 come from the gateway and from zod. */
function bundledChunk(): string {
  const chunk = path.join(folder, '.next/server/chunks/app.js');
  mkdirSync(path.dirname(chunk), { recursive: true });
  writeFileSync(chunk, 'x'.repeat(200));
  const map = new SourceMapGenerator({ file: 'app.js' });
  const mapping = (column: number, source: string) =>
    map.addMapping({ generated: { line: 1, column }, original: { line: 1, column: 0 }, source });
  mapping(0, '../../../../../packages/ai-gateway/src/pipeline/call-upstream.ts');
  mapping(100, '../../../../../node_modules/.pnpm/zod@4.1.0/node_modules/zod/v4/core/schemas.js');
  writeFileSync(`${chunk}.map`, map.toString());
  return pathToFileURL(chunk).href;
}

describe('breakdownPerRequest', () => {
  it('sums self time per request by component, leaves idle and out-of-window samples out', () => {
    const chunk = bundledChunk();
    const frames: [string, string, number?][] = [
      ['(idle)', ''],
      ['(garbage collector)', ''],
      ['handle', 'file:///srv/app/packages/ai-gateway/src/handlers/chat-completions.ts'],
      ['parse', 'file:///srv/app/node_modules/.pnpm/zod@4.1.0/node_modules/zod/v4/core/schemas.js'],
      [
        'render',
        'file:///srv/app/node_modules/.pnpm/next@16.0.0/node_modules/next/dist/server/base-server.js',
      ],
      ['promiseInitHook', 'node:internal/async_hooks'],
      ['_Request', 'node:internal/deps/undici/undici'],
      ['er', chunk, 0],
      ['ez', chunk, 100],
      ['writev', ''],
    ];
    const profile: CpuProfile = {
      nodes: frames.map(([functionName, url, columnNumber], index) => ({
        id: index + 1,
        callFrame: { functionName, url, lineNumber: 0, columnNumber: columnNumber ?? 0 },
      })),
      startTime: 0,
      endTime: 1_000_000,
      // Every frame sampled once at 10 µs, then the gateway frame once more outside the window.
      samples: [...frames.map((_, index) => index + 1), 3],
      timeDeltas: [...frames.map(() => 10), 500_000],
    };
    const perRequest = breakdownPerRequest(profile, { fromMicros: 0, toMicros: 200 }, 2);
    expect(Object.fromEntries([...perRequest].filter(([, micros]) => micros > 0))).toEqual({
      'gateway code (packages/*, apps/web/src)': 10,
      zod: 10,
      'Next.js': 5,
      'Node: async hooks (AsyncLocalStorage)': 5,
      'Node: Web Request/Response/Headers, web streams, AbortSignal': 5,
      'Node: http, sockets, streams': 5,
      'garbage collector': 5,
    });
  });
});
