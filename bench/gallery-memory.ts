// What the renderer's memory is made of, for `npm run bench -- gallery`: one Chromium memory-infra
// dump taken over CDP (Tracing with the `disabled-by-default-memory-infra` category, then
// Tracing.requestMemoryDump), reduced to the size per allocator (malloc, partition_alloc, blink_gc,
// v8, cc, skia, web_cache, ...) of one process. RSS alone cannot tell a leak from a cache; this can.
import { writeFile } from 'node:fs/promises';
import type { CDPSession } from 'playwright-core';

export interface AllocatorSize {
  readonly name: string;
  readonly mb: number;
}

export interface MemoryBreakdown {
  readonly pid: number;
  /** Private memory footprint as the dump saw it (process_totals), MB. */
  readonly footprintMb: number | null;
  /** Every root allocator, largest first. */
  readonly allocators: readonly AllocatorSize[];
  /** Named sub-allocators worth watching (image caches, resource cache), largest first. */
  readonly details: readonly AllocatorSize[];
}

interface TraceEvent {
  readonly ph?: string;
  readonly id?: string;
  readonly pid?: number;
  readonly name?: string;
  readonly args?: {
    readonly dumps?: {
      readonly allocators?: Record<string, { readonly attrs?: Record<string, { readonly units?: string; readonly value?: string }> }>;
      readonly process_totals?: Record<string, string>;
    };
  };
}

const MB = 2 ** 20;
/** Sub-allocators that hold images or fetched resources: what a gallery could pile up. */
const DETAIL = /^(cc\/[a-z_]+|skia\/[a-z_]+|web_cache\/[A-Za-z_]+|canvas\/[a-z_]+|gpu\/[a-z_]+)$/;
/**
 * Roots that are other views of memory a printed root already counts (the dump's ownership edges):
 * cc's image cache and tiles live in discardable shared memory, blink_objects breaks blink_gc down.
 */
const VIEWS = new Set(['shared_memory', 'discardable', 'blink_objects', 'global']);

const bytes = (attrs: Record<string, { readonly units?: string; readonly value?: string }> | undefined): number => {
  const size = attrs?.size;
  return size?.units === 'bytes' && size.value ? parseInt(size.value, 16) : 0;
};

/**
 * Reduces one process's allocator dump: a root's size is its own node's when the dump has one,
 * else the sum of its shallowest children (some providers only write leaves).
 */
export function reduceAllocators(allocators: Record<string, { readonly attrs?: Record<string, { readonly units?: string; readonly value?: string }> }>): {
  roots: AllocatorSize[];
  details: AllocatorSize[];
} {
  const byRoot = new Map<string, Map<number, number>>();
  for (const [name, node] of Object.entries(allocators)) {
    const parts = name.split('/');
    const root = parts[0]!;
    const depth = parts.length;
    const sizes = byRoot.get(root) ?? new Map<number, number>();
    sizes.set(depth, (sizes.get(depth) ?? 0) + bytes(node.attrs));
    byRoot.set(root, sizes);
  }
  const roots: AllocatorSize[] = [];
  for (const [name, sizes] of byRoot) {
    const shallowest = Math.min(...sizes.keys());
    // A root whose own node has no size (or 0) falls back to the next depth that has one.
    const depths = [...sizes.keys()].sort((a, b) => a - b);
    const depth = depths.find((d) => (sizes.get(d) ?? 0) > 0) ?? shallowest;
    roots.push({ name, mb: (sizes.get(depth) ?? 0) / MB });
  }
  const details = Object.entries(allocators)
    .filter(([name]) => DETAIL.test(name))
    .map(([name, node]) => ({ name, mb: bytes(node.attrs) / MB }))
    .filter((a) => a.mb >= 1);
  const bySize = (a: AllocatorSize, b: AllocatorSize) => b.mb - a.mb;
  return { roots: roots.filter((r) => r.mb > 0 && !VIEWS.has(r.name)).sort(bySize), details: details.sort(bySize) };
}

/**
 * Takes one detailed memory dump of every process and returns the breakdown of `pid`, or without one
 * of the one process the trace names Renderer (the page's own); null when the dump failed or has no
 * such process. `cdp` is a session on the page; `rawFile` keeps the raw trace events for a closer
 * look (Perfetto or chrome://tracing open it).
 */
export async function memoryBreakdown(cdp: CDPSession, pid: number | undefined, rawFile?: string): Promise<MemoryBreakdown | null> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: Array<Record<string, unknown>> }) => events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], excludedCategories: ['*'] },
  });
  const dump = await cdp.send('Tracing.requestMemoryDump', { deterministic: false, levelOfDetail: 'detailed' });
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', onData);
  if (!dump.success) return null;

  if (rawFile) await writeFile(rawFile, JSON.stringify(events));
  // A process's dump comes as several events (totals, allocators); their id is not always the guid
  // the request returned, so every dump event of the process in this short trace is merged.
  const named = events.filter((e) => e.ph === 'M' && e.name === 'process_name' && (e.args as { name?: string } | undefined)?.name === 'Renderer');
  const target = pid ?? (named.length === 1 ? named[0]!.pid : undefined);
  if (target === undefined) return null;
  const mine = events.filter((e) => e.ph === 'v' && e.pid === target && e.args?.dumps);
  const allocators = Object.assign({}, ...mine.map((e) => e.args!.dumps!.allocators ?? {})) as Parameters<typeof reduceAllocators>[0];
  if (Object.keys(allocators).length === 0) return null;
  const totals = Object.assign({}, ...mine.map((e) => e.args!.dumps!.process_totals ?? {})) as Record<string, string>;
  const { roots, details } = reduceAllocators(allocators);
  const footprint = totals.private_footprint_bytes;
  return { pid: target, footprintMb: footprint ? parseInt(footprint, 16) / MB : null, allocators: roots, details };
}

/** `malloc 310, partition_alloc 95, ...` for the largest `n`. */
export const formatSizes = (sizes: readonly AllocatorSize[], n: number): string =>
  sizes
    .slice(0, n)
    .map((a) => `${a.name} ${a.mb.toFixed(0)}`)
    .join(', ');
