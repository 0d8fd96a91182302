import { pcg4d } from '../util/random';

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
  /** Epoch shuffles: key (seed, run, epoch); word i keys round i. */
  shuffle: 0x4e4e0050,
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

/** Half the bits of the shuffle's domain: the smallest h >= 1 with
 * 4^h >= n, so that the domain [0, 4^h) holds fewer than 4n values. */
export function shuffleHalfBits(n: number): number {
  const bits = 32 - Math.clz32(n - 1);
  return Math.max(1, (bits + 1) >>> 1);
}

/**
 * Position `pos` of epoch `epoch`'s permutation of [0, n) for network
 * `run`: a 4-round Feistel network on [0, 4^h) whose round i is keyed by
 * word i of pcg4d(seed, run, epoch, shuffle), walked along its cycle
 * until it lands in [0, n) (it does: pos lies on that cycle). A keyed
 * bijection computed from counters, with no table. Twin of `nn_shuffle`
 * in shaders/nn/train.wgsl.
 */
export function shuffleIndex(
  seed: number,
  run: number,
  epoch: number,
  pos: number,
  n: number,
): number {
  const keys = pcg4d(seed, run, epoch, NN_STREAM.shuffle);
  const h = shuffleHalfBits(n);
  const mask = ((1 << h) - 1) >>> 0;
  let x = pos >>> 0;
  do {
    let l = x >>> h;
    let r = (x & mask) >>> 0;
    for (const key of keys) {
      const f = (mix32((r ^ key) >>> 0) & mask) >>> 0;
      [l, r] = [r, (l ^ f) >>> 0];
    }
    x = ((l << h) | r) >>> 0;
  } while (x >= n);
  return x;
}
