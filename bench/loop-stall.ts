// Event-loop stalls of this process's main thread, for `npm run bench -- gallery`, split into what
// the thread did and what the machine did. The bench shares two CPUs with other work: a stall of
// 150 ms under a load average of 12 is mostly the thread waiting for a CPU, not the core working.
// perf_hooks' monitorEventLoopDelay gives the stall (its max is the headline number); a 2 ms timer
// measures each stall over 20 ms itself and reads, from Linux's per-thread scheduler statistics
// (/proc/self/task/<pid>/schedstat: ns on a CPU, ns runnable but waiting), how much of it the thread
// ran. The kernel updates those counters at scheduler ticks, so each split is good to a few ms.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Stall {
  readonly ms: number;
  /** Time the main thread ran on a CPU during the stall (its own work: the core, Playwright's client, GC). */
  readonly onCpuMs: number;
  /** Time it was runnable but waiting for a CPU (the machine's other work). */
  readonly waitingMs: number;
}

export interface LoopStalls {
  enable(): void;
  disable(): void;
  /** monitorEventLoopDelay's max and p99 (ms). */
  readonly maxMs: number;
  readonly p99Ms: number;
  /** The longest stall over 20 ms, split; null when none or when the split is unavailable. */
  readonly longest: Stall | null;
  /** The stall in which the thread itself ran longest: the worst the process's own work blocked. */
  readonly mostOnCpu: Stall | null;
}

const schedstat = `/proc/self/task/${process.pid}/schedstat`;
function readSched(): [number, number] | null {
  try {
    const [run, wait] = readFileSync(schedstat, 'utf8').split(' ').map(Number);
    return run === undefined || wait === undefined ? null : [run / 1e6, wait / 1e6];
  } catch {
    return null;
  }
}

export function watchLoopStalls(): LoopStalls {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const stalls: Stall[] = [];
  let timer: NodeJS.Timeout | null = null;
  const TICK_MS = 2;
  return {
    enable() {
      histogram.enable();
      let last = performance.now();
      let lastSched = readSched();
      timer = setInterval(() => {
        const now = performance.now();
        const sched = readSched();
        const ms = now - last - TICK_MS;
        if (ms > 20 && sched && lastSched) stalls.push({ ms, onCpuMs: sched[0] - lastSched[0], waitingMs: sched[1] - lastSched[1] });
        last = now;
        lastSched = sched;
      }, TICK_MS);
    },
    disable() {
      histogram.disable();
      if (timer) clearInterval(timer);
      timer = null;
    },
    get maxMs() {
      return histogram.max / 1e6;
    },
    get p99Ms() {
      return histogram.percentile(99) / 1e6;
    },
    get longest() {
      return stalls.reduce<Stall | null>((a, s) => (!a || s.ms > a.ms ? s : a), null);
    },
    get mostOnCpu() {
      return stalls.reduce<Stall | null>((a, s) => (!a || s.onCpuMs > a.onCpuMs ? s : a), null);
    },
  };
}

/** "31.0 ms (12.0 on CPU, 17.9 waiting for one)". */
export const describeStall = (s: Stall | null): string => (s ? `${s.ms.toFixed(1)} ms (${s.onCpuMs.toFixed(1)} on CPU, ${s.waitingMs.toFixed(1)} waiting for one)` : 'none over 20 ms');
