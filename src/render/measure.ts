/**
 * Frame time of a view, as the page and the benchmark see it: for each
 * frame, the time from `draw()` until the GPU has finished the frame's
 * work, one frame per animation frame.
 */
import type { Drawable } from './landscape-view';

/** Median and 90th percentile of the frame times, milliseconds. */
export interface FrameTimes {
  medianMs: number;
  p90Ms: number;
  /** Every frame time, in the order measured. */
  samples: number[];
}

/**
 * The next animation frame; a hidden page gets no animation frames, so
 * after 100 ms a timer stands in for one.
 */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    if (typeof requestAnimationFrame === 'function') {
      requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve();
      });
    }
  });
}

function quantile(sorted: number[], q: number): number {
  const x = q * (sorted.length - 1);
  const i = Math.floor(x);
  const a = sorted[i]!;
  const b = sorted[Math.min(i + 1, sorted.length - 1)]!;
  return a + (b - a) * (x - i);
}

/**
 * Times n frames of a view after one uncounted warm-up frame (which draws
 * any stale cache, such as the heatmap).
 */
export async function measureFrames(
  view: Drawable,
  n: number,
): Promise<FrameTimes> {
  if (!(n >= 1)) throw new RangeError(`frames to measure: ${n}, need >= 1`);
  const queue = view.device.queue;
  view.draw();
  await queue.onSubmittedWorkDone();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    await nextFrame();
    const t0 = performance.now();
    view.draw();
    await queue.onSubmittedWorkDone();
    samples.push(performance.now() - t0);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    medianMs: quantile(sorted, 0.5),
    p90Ms: quantile(sorted, 0.9),
    samples,
  };
}
