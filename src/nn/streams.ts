/**
 * Streams of the counter-based generator (src/util/random.ts) used by the
 * networks. Every random number of a network experiment is a hash of
 * (seed, counter, counter, stream); these streams keep its uses apart from
 * each other and from the 2D engine's (0, 1 and 256 + j). The WGSL twins
 * are the `NN_STREAM_*` constants of shaders/nn/mlp.wgsl (a unit test
 * checks that both agree).
 */
export const NN_STREAM = {
  /** Dataset: uniform words shaping point i (key: seed, i, 0). */
  dataPoint: 0x4e4e0000,
  /** Dataset: Gaussian input noise of point i. */
  dataNoise: 0x4e4e0001,
  /** Dataset: label flip (or regression target noise) of point i. */
  dataLabel: 0x4e4e0002,
  /** Dataset: Gaussian shape of point i (the two-Gaussians blobs). */
  dataShape: 0x4e4e0003,
  /** Initial weights: key (seed, run, i / 2). */
  init: 0x4e4e0010,
  /** Power iteration's first vector: key (seed, run, i / 2). */
  power: 0x4e4e0020,
  /** Hutchinson probes: key (seed, run, probe), stream + i / 128. */
  probe: 0x4e4e1000,
  /** Slice directions: key (seed, direction, i / 2). */
  direction: 0x4e4e0040,
  /** Mini-batches: key (seed, run, step), stream + b / 4. */
  batch: 0x4e4f0000,
} as const;

/**
 * Wellons' lowbias32 finalizer (C. Wellons, "Hash function prospector",
 * 2018). The low bits of a pcg4d word follow the parity of its key (odd
 * words come three times as often as even ones for some keys), so
 * mini-batch indices (word mod n) and single random bits are taken from
 * mixed words. Twin of `nn_mix` in shaders/nn/mlp.wgsl.
 */
export function mix32(word: number): number {
  let x = word >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x = (x ^ (x >>> 15)) >>> 0;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}
