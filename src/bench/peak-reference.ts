/**
 * TypeScript references of the peak kernels (shaders/bench/fma.wgsl and
 * copy.wgsl) and the dispatch geometry they share.
 */

/** Independent vec4 chains per invocation of fma.wgsl. */
export const FMA_CHAINS = 8;
/** Lanes of each chain (vec4). */
export const FMA_LANES = 4;
/** Floating-point operations per loop trip: 2 per FMA lane. */
export const FMA_FLOP_PER_ITERATION = 2 * FMA_CHAINS * FMA_LANES;
/** Bytes of one vector of copy.wgsl. */
export const COPY_VECTOR_BYTES = 16;

/**
 * Workgroups for `invocations` invocations in rows of at most
 * `maxPerDimension` workgroups: x by y workgroups, `row` invocations per
 * row. The kernel's index is gid.y * row + gid.x.
 */
export function grid(
  invocations: number,
  workgroupSize: number,
  maxPerDimension: number,
): { x: number; y: number; row: number } {
  const groups = Math.max(1, Math.ceil(invocations / workgroupSize));
  const x = Math.min(groups, maxPerDimension);
  const y = Math.ceil(groups / x);
  if (y > maxPerDimension) {
    throw new RangeError(
      `${invocations} invocations need ${groups} workgroups, more than ` +
        `${maxPerDimension} squared`,
    );
  }
  return { x, y, row: x * workgroupSize };
}

/** The start of chain j of invocation i, as chain_start in fma.wgsl. */
export function chainStart(i: number, j: number): number[] {
  const base = (i % 1024) / 1024 + j * 0.125;
  return [base, base + 0.03125, base + 0.0625, base + 0.09375];
}

/**
 * What fma.wgsl writes for invocation i, in Float64: every chain iterated
 * x <- a x + b, then summed in the kernel's order. The starts, a and b are
 * exact in float32 (the test picks dyadic a and b), so the only
 * difference from the GPU is float32 rounding of the iterations and sums.
 */
export function fmaSumFloat64(
  i: number,
  iterations: number,
  a: number,
  b: number,
): number {
  const lanes: number[][] = [];
  for (let j = 0; j < FMA_CHAINS; j++) {
    const c = chainStart(i, j);
    for (let k = 0; k < iterations; k++) {
      for (let l = 0; l < FMA_LANES; l++) c[l] = c[l]! * a + b;
    }
    lanes.push(c);
  }
  const add = (p: number[], q: number[]) => p.map((v, l) => v + q[l]!);
  const [c0, c1, c2, c3, c4, c5, c6, c7] = lanes as [
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  const s = add(add(add(c0, c1), add(c2, c3)), add(add(c4, c5), add(c6, c7)));
  return s[0]! + s[1]! + (s[2]! + s[3]!);
}

/**
 * Bound on |GPU - fmaSumFloat64| for 0 < a < 1, with u = 2^-24. Every
 * chain value lies in [0, M], M = max(2, b / (1 - a)). A trip rounds at
 * most twice (an unfused multiply and add), at most 2 u M, and the
 * contraction a weights older errors by a^j, so a lane's error stays under
 * 2 u M min(iterations, 1 / (1 - a)); the 32 lanes add up. The kernel's
 * sum tree rounds 4 + 2 + 1 vec4 adds of partial sums at most 2M, 4M and
 * 8M per lane, then 3 scalar adds of at most 16M, 16M and 32M: 160 M u.
 */
export function fmaSumBound(a: number, b: number, iterations: number): number {
  const u = 2 ** -24;
  const m = Math.max(2, b / (1 - a));
  const lane = 2 * u * m * Math.min(iterations, 1 / (1 - a));
  return FMA_CHAINS * FMA_LANES * lane + 160 * m * u;
}
