/**
 * Statistics of repeated measurements: every figure of the benchmark is the
 * median of its repetitions, with the spread shown as min-max and as the
 * interquartile range.
 */

/** A measured quantity: median and spread of its repetitions. */
export interface Figure {
  /** Median of the samples. */
  median: number;
  min: number;
  max: number;
  /** First and third quartiles (linear interpolation between ranks). */
  q1: number;
  q3: number;
  /** The samples in the order they were measured. */
  samples: number[];
  unit: string;
}

/**
 * The q-quantile of sorted values with linear interpolation between closest
 * ranks (the "type 7" of R and NumPy's default).
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('no samples');
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Median, quartiles and range of one or more samples. */
export function figure(samples: readonly number[], unit: string): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantileSorted(sorted, 0.5),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
    samples: [...samples],
    unit,
  };
}

/**
 * A rate from the seconds of each repetition: work / seconds per sample,
 * so the median rate belongs to the median time and the spread flips.
 */
export function rateFigure(
  work: number,
  seconds: readonly number[],
  unit: string,
): Figure {
  return figure(
    seconds.map((s) => work / s),
    unit,
  );
}

/**
 * The ratio a / b of two figures: the median of the ratio of medians, and a
 * conservative range from the extremes (a's lowest over b's highest, and a's
 * highest over b's lowest).
 */
export interface Ratio {
  median: number;
  min: number;
  max: number;
}

export function ratio(a: Figure, b: Figure): Ratio {
  return {
    median: a.median / b.median,
    min: a.min / b.max,
    max: a.max / b.min,
  };
}

/**
 * How far a set of medians strays from flat: max / min - 1 (0 is perfectly
 * flat, 0.25 means the fastest is 25 percent above the slowest).
 */
export function unevenness(values: readonly number[]): number {
  if (values.length === 0) return 0;
  return Math.max(...values) / Math.min(...values) - 1;
}

/**
 * Runs `once` a warm-up time and then `reps` times, and returns the seconds
 * of each repetition (the warm-up's seconds apart).
 */
export async function repeat(
  reps: number,
  once: () => Promise<number>,
): Promise<{ warmup: number; seconds: number[] }> {
  const warmup = await once();
  const seconds: number[] = [];
  for (let r = 0; r < reps; r++) seconds.push(await once());
  return { warmup, seconds };
}

/** The nearest power of two to x (at least 1). */
export function nearestPow2(x: number): number {
  if (!(x > 1)) return 1;
  return 2 ** Math.round(Math.log2(x));
}
