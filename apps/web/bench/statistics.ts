/** Summary of a list of samples (milliseconds or any unit). */
export type Summary = { count: number; mean: number; p50: number; p99: number };

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { count: 0, mean: Number.NaN, p50: Number.NaN, p99: Number.NaN };
  const sorted = Float64Array.from(samples).sort();
  let total = 0;
  for (const value of sorted) total += value;
  const at = (quantile: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] as number;
  return { count: sorted.length, mean: total / sorted.length, p50: at(0.5), p99: at(0.99) };
}
