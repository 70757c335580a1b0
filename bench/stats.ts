export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export async function timeRuns(runs: number, fn: () => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

export function report(name: string, subject: number[], baseline: number[]): void {
  const s = median(subject);
  const b = median(baseline);
  console.log(`${name}: app ${s.toFixed(0)} ms (median of ${subject.length}), baseline ${b.toFixed(0)} ms`);
  console.log(`${name} ratio ${(s / b).toFixed(2)}`);
}
