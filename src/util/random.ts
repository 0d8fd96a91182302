/**
 * Float64 twin of shaders/common/random.wgsl: the same PCG hash in 32-bit
 * integer arithmetic, so the CPU reproduces the GPU's random words exactly
 * and its normal numbers to float32 rounding.
 */

/** PCG4D hash of four 32-bit words (Jarzynski and Olano, JCGT 2020). */
export function pcg4d(
  a: number,
  b: number,
  c: number,
  d: number,
): [number, number, number, number] {
  let x = (Math.imul(a, 1664525) + 1013904223) >>> 0;
  let y = (Math.imul(b, 1664525) + 1013904223) >>> 0;
  let z = (Math.imul(c, 1664525) + 1013904223) >>> 0;
  let w = (Math.imul(d, 1664525) + 1013904223) >>> 0;
  x = (x + Math.imul(y, w)) >>> 0;
  y = (y + Math.imul(z, x)) >>> 0;
  z = (z + Math.imul(x, y)) >>> 0;
  w = (w + Math.imul(y, z)) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  y = (y ^ (y >>> 16)) >>> 0;
  z = (z ^ (z >>> 16)) >>> 0;
  w = (w ^ (w >>> 16)) >>> 0;
  x = (x + Math.imul(y, w)) >>> 0;
  y = (y + Math.imul(z, x)) >>> 0;
  z = (z + Math.imul(x, y)) >>> 0;
  w = (w + Math.imul(y, z)) >>> 0;
  return [x, y, z, w];
}

/** A word to a uniform number in (0, 1], with 24 bits as on the GPU. */
export function unitOpen0(u: number): number {
  return ((u >>> 8) + 1) / 16777216;
}

/** Two standard normal numbers keyed by (seed, run, step, stream). */
export function normal2(
  seed: number,
  run: number,
  step: number,
  stream: number,
): [number, number] {
  const [h0, h1] = pcg4d(seed, run, step, stream);
  const r = Math.sqrt(-2 * Math.log(unitOpen0(h0)));
  const theta = 2 * Math.PI * unitOpen0(h1);
  return [r * Math.cos(theta), r * Math.sin(theta)];
}

/** Streams keep the uses of one key apart. */
export const STREAM = {
  gradientNoise: 0,
  starts: 1,
} as const;
