import { normal2, pcg4d, STREAM } from '../util/random';
import type { StartsSpec } from './spec';

/**
 * The start points of an experiment as float32 pairs (x0, y0, x1, y1, ...).
 * They are rounded to float32 once here so that the GPU and the Float64
 * reference start from exactly the same points.
 */
export function generateStarts(starts: StartsSpec, seed: number): Float32Array {
  switch (starts.kind) {
    case 'grid': {
      const { nx, ny } = starts;
      const [[x0, x1], [y0, y1]] = starts.bounds!;
      const out = new Float32Array(2 * nx * ny);
      for (let iy = 0; iy < ny; iy++) {
        const y = y0 + ((iy + 0.5) * (y1 - y0)) / ny;
        for (let ix = 0; ix < nx; ix++) {
          const i = iy * nx + ix;
          out[2 * i] = x0 + ((ix + 0.5) * (x1 - x0)) / nx;
          out[2 * i + 1] = y;
        }
      }
      return out;
    }
    case 'uniform': {
      const [[x0, x1], [y0, y1]] = starts.bounds!;
      const out = new Float32Array(2 * starts.count);
      for (let i = 0; i < starts.count; i++) {
        const [a, b] = pcg4d(seed, i, 0, STREAM.starts);
        out[2 * i] = x0 + ((a >>> 8) / 16777216) * (x1 - x0);
        out[2 * i + 1] = y0 + ((b >>> 8) / 16777216) * (y1 - y0);
      }
      return out;
    }
    case 'gaussian': {
      const out = new Float32Array(2 * starts.count);
      for (let i = 0; i < starts.count; i++) {
        const [a, b] = normal2(seed, i, 0, STREAM.starts);
        out[2 * i] = starts.mean[0] + starts.std * a;
        out[2 * i + 1] = starts.mean[1] + starts.std * b;
      }
      return out;
    }
    case 'list':
      return Float32Array.from(starts.points.flat());
  }
}

/** Marks a run that keeps no path. */
export const NO_PATH = 0xffffffff;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * The runs whose paths are recorded: m runs spread over all n by a rank-1
 * lattice, run j * p mod n for j < m with p near n times the golden ratio
 * and prime to n, so that on a grid the sample covers the whole grid
 * rather than its first row. All runs when m >= n.
 */
export function pathRuns(n: number, m: number): Uint32Array {
  if (m >= n) return Uint32Array.from({ length: n }, (_, i) => i);
  let p = Math.max(1, Math.round(n * 0.6180339887498949));
  while (gcd(p, n) !== 1) p++;
  return Uint32Array.from({ length: m }, (_, j) => (j * p) % n);
}

/** For every run, the index of its path in the sample, or NO_PATH. */
export function pathSlots(n: number, runs: Uint32Array): Uint32Array {
  const slots = new Uint32Array(n).fill(NO_PATH);
  runs.forEach((r, j) => (slots[r] = j));
  return slots;
}
