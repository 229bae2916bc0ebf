import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SourceMapConsumer } from 'source-map-js';

/** A V8 `.cpuprofile` (what `node --cpu-prof` writes). */
export type CpuProfile = {
  nodes: {
    id: number;
    children?: number[];
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};

/** Where a sample's time goes, coarse enough to compare two workloads of one server. */
export const COMPONENTS = [
  'gateway code (packages/*, apps/web/src)',
  'zod',
  'prom-client',
  'Next.js',
  'undici (npm, upstream client)',
  'PGlite (usage rows, WASM)',
  'Node: Web Request/Response/Headers, web streams, AbortSignal',
  'Node: async hooks (AsyncLocalStorage)',
  'Node: http, sockets, streams',
  'Node: event loop, microtasks, timers, events',
  'JSON.parse / JSON.stringify (native)',
  'garbage collector',
  'other',
] as const;
export type Component = (typeof COMPONENTS)[number];

/**
 * Self time per request by component, over the samples taken between `fromMicros` and `toMicros`
 * (profile clock). Frames in Next's compiled server chunks are mapped back to their sources with
 * the chunks' source maps, so the gateway's own code is told apart from what Next bundled with it.
 * Idle samples are left out: the figure is the main thread's busy time per request.
 */
export function breakdownPerRequest(
  profile: CpuProfile,
  window: { fromMicros: number; toMicros: number },
  requests: number,
): Map<Component, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const componentOfNode = new Map<number, Component | undefined>();
  const totals = new Map<Component, number>(COMPONENTS.map((component) => [component, 0]));
  let timestamp = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    timestamp += delta;
    if (timestamp < window.fromMicros || timestamp > window.toMicros) return;
    if (!componentOfNode.has(nodeId)) {
      const frame = (nodes.get(nodeId) as CpuProfile['nodes'][number]).callFrame;
      componentOfNode.set(nodeId, componentOf(frame));
    }
    const component = componentOfNode.get(nodeId);
    if (component) totals.set(component, (totals.get(component) ?? 0) + delta / requests);
  });
  return totals;
}

/** undefined for idle time. */
function componentOf(frame: CpuProfile['nodes'][number]['callFrame']): Component | undefined {
  if (frame.functionName === '(idle)') return undefined;
  if (frame.functionName === '(garbage collector)') return 'garbage collector';
  const source = originalSource(frame) ?? frame.url;
  if (/\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?zod\//.test(source)) return 'zod';
  if (source.includes('/node_modules/prom-client/') || source.includes('prom-client@')) return 'prom-client';
  if (/\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?next\//.test(source) || source.includes('[turbopack]'))
    return 'Next.js';
  if (source.includes('@electric-sql/pglite') || source.startsWith('wasm://'))
    return 'PGlite (usage rows, WASM)';
  if (/\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?undici\//.test(source))
    return 'undici (npm, upstream client)';
  if (/\/(packages\/[^/]+\/src|apps\/web\/src)\//.test(source) && !source.includes('/node_modules/'))
    return 'gateway code (packages/*, apps/web/src)';
  if (
    /^node:internal\/(deps\/undici|webstreams|abort_controller|worker\/js_transferable|event_target)/.test(
      source,
    )
  )
    return 'Node: Web Request/Response/Headers, web streams, AbortSignal';
  if (source.startsWith('node:internal/async_hooks') || source === 'node:async_hooks')
    return 'Node: async hooks (AsyncLocalStorage)';
  if (/^node:(internal\/)?(_?http|net|stream|streams|internal\/streams|stream_base_commons)/.test(source))
    return 'Node: http, sockets, streams';
  if (frame.url === '' && /^(writev|writeUtf8String|writeBuffer|writeLatin1String)$/.test(frame.functionName))
    return 'Node: http, sockets, streams';
  if (frame.url === '' && /^(parse|stringify)$/.test(frame.functionName))
    return 'JSON.parse / JSON.stringify (native)';
  if (
    (frame.url === '' && /^\((program)\)$|^runMicrotasks$/.test(frame.functionName)) ||
    /^node:internal\/(process\/task_queues|timers)|^node:(events|timers)$/.test(source)
  )
    return 'Node: event loop, microtasks, timers, events';
  return 'other';
}

const consumers = new Map<string, SourceMapConsumer | null>();

/** The source file of a frame in a bundled chunk, when the chunk has a source map. */
function originalSource(frame: CpuProfile['nodes'][number]['callFrame']): string | undefined {
  if (!frame.url.startsWith('file://') || !frame.url.includes('/.next/')) return undefined;
  const file = fileURLToPath(frame.url);
  if (!consumers.has(file)) {
    const map = `${file}.map`;
    consumers.set(
      file,
      existsSync(map) ? new SourceMapConsumer(JSON.parse(readFileSync(map, 'utf8'))) : null,
    );
  }
  const consumer = consumers.get(file);
  if (!consumer) return undefined;
  const position = consumer.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
  if (!position.source) return undefined;
  // Turbopack's sources are relative to the chunk (`../../../../../apps/web/src/…`): keep the tail.
  return `/${position.source.replace(/^(\.\.\/)+/, '').replace(/%40/g, '@')}`;
}
