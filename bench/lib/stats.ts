import fs from 'node:fs';

/** The q-quantile (0..1) of the values, linearly interpolated between ranks (R's type 7). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

export const p50 = (v: readonly number[]) => quantile(v, 0.5);
export const p95 = (v: readonly number[]) => quantile(v, 0.95);

/** Milliseconds for people: 0.42 ms, 48 ms, 2510 ms. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value < 10) return `${value.toFixed(2)} ms`;
  return `${Math.round(value)} ms`;
}

export function ratio(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return '∞×';
  if (!Number.isFinite(value)) return 'n/a';
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)}×`;
}

export type Verdict = 'met' | 'not met' | 'no target' | 'not measured';

/** One line of the summary table `bench/run.mjs` prints at the end. */
export interface ResultRow {
  benchmark: string;
  figure: string;
  measured: string;
  target: string;
  verdict: Verdict;
}

/**
 * Collects a benchmark's summary rows and writes them where `bench/run.mjs`
 * asked (BENCH_RESULTS), so the table at the end has every benchmark's figures.
 */
export class Results {
  readonly rows: ResultRow[] = [];

  constructor(private readonly benchmark: string) {}

  add(row: Omit<ResultRow, 'benchmark'>): void {
    this.rows.push({ benchmark: this.benchmark, ...row });
  }

  write(): void {
    const file = process.env.BENCH_RESULTS;
    if (file) fs.writeFileSync(file, JSON.stringify({ rows: this.rows }, null, 2));
  }
}
