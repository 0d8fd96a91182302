/**
 * Sizing the work of a repetition so that it takes about a target time on
 * whatever device runs the suite: a SwiftShader CPU and a large GPU differ
 * by a factor of thousands, and a repetition of a few milliseconds measures
 * launch overhead, not throughput.
 */
import { nearestPow2 } from './stats';

/** The chosen size and the trials that led to it. */
export interface Calibration {
  size: number;
  /** [size, seconds] of each trial; the first is the cold warm-up. */
  trials: [number, number][];
}

/**
 * Runs `trial(start)` once cold (the warm-up: compilation, allocation),
 * then from `start` again, doubling the size while a trial takes under a
 * quarter of the target, and scales the last size linearly to the target,
 * rounded to a power of two and clamped to [min, max].
 */
export async function calibrate(
  trial: (size: number) => Promise<number>,
  opts: { start: number; min: number; max: number; targetSeconds: number },
): Promise<Calibration> {
  const { min, max, targetSeconds } = opts;
  const clamp = (s: number) => Math.min(max, Math.max(min, s));
  let size = clamp(opts.start);
  const trials: [number, number][] = [[size, await trial(size)]];
  for (;;) {
    const seconds = await trial(size);
    trials.push([size, seconds]);
    if (seconds >= targetSeconds / 4 || size >= max) {
      const scaled = nearestPow2(
        (size * targetSeconds) / Math.max(seconds, 1e-6),
      );
      return { size: clamp(scaled), trials };
    }
    size = clamp(size * 2);
  }
}
