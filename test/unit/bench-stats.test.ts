import { describe, expect, test } from 'vitest';
import { calibrate } from '../../src/bench/calibrate';
import {
  chainStart,
  fmaSumBound,
  fmaSumFloat64,
  FMA_CHAINS,
  grid,
} from '../../src/bench/peak-reference';
import {
  figure,
  nearestPow2,
  quantileSorted,
  rateFigure,
  ratio,
  repeat,
  unevenness,
} from '../../src/bench/stats';

describe('figures', () => {
  test('median, quartiles and range of an odd count', () => {
    const f = figure([5, 1, 4, 2, 3], 's');
    expect(f).toMatchObject({ median: 3, min: 1, max: 5, q1: 2, q3: 4 });
    expect(f.samples).toEqual([5, 1, 4, 2, 3]);
  });

  test('median of an even count interpolates', () => {
    expect(figure([4, 1, 3, 2], 's').median).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
  });

  test('one sample is its own median and spread', () => {
    expect(figure([7], 's')).toMatchObject({ median: 7, min: 7, max: 7 });
  });

  test('no sample is an error', () => {
    expect(() => figure([], 's')).toThrow(RangeError);
  });

  test('a rate takes its median from the median time', () => {
    const f = rateFigure(100, [1, 2, 4], 'x/s');
    expect(f).toMatchObject({ median: 50, min: 25, max: 100 });
  });

  test('a ratio pairs extremes for its range', () => {
    const a = figure([10, 12, 14], '');
    const b = figure([1, 2, 4], '');
    expect(ratio(a, b)).toEqual({ median: 6, min: 2.5, max: 14 });
  });

  test.each([
    [[100, 100], 0],
    [[80, 100], 0.25],
    [[100, 90, 120], 120 / 90 - 1],
  ])('unevenness of %j is %f', (values, expected) => {
    expect(unevenness(values)).toBeCloseTo(expected, 12);
  });

  test('repeat runs a warm-up, then the repetitions', async () => {
    let calls = 0;
    const r = await repeat(3, async () => ++calls);
    expect(r).toEqual({ warmup: 1, seconds: [2, 3, 4] });
  });

  test.each([
    [0, 1],
    [1, 1],
    [3, 4],
    [5, 4],
    [1000, 1024],
  ])('nearestPow2(%d) = %d', (x, p) => {
    expect(nearestPow2(x)).toBe(p);
  });
});

describe('calibration', () => {
  /** A fake device: 1 ms of overhead and 1 us per unit of work. */
  const device = async (size: number) => 1e-3 + size * 1e-6;

  test('scales to about the target, a power of two', async () => {
    const c = await calibrate(device, {
      start: 1,
      min: 1,
      max: 2 ** 30,
      targetSeconds: 0.5,
    });
    expect(c.size).toBe(2 ** 19);
    // warm-up, then doubling until a quarter of the target
    expect(c.trials[0]![0]).toBe(1);
    expect(c.trials[c.trials.length - 1]![1]).toBeGreaterThanOrEqual(0.125);
  });

  test('stops at max', async () => {
    const c = await calibrate(device, {
      start: 1,
      min: 1,
      max: 64,
      targetSeconds: 10,
    });
    expect(c.size).toBe(64);
  });

  test('never goes below min', async () => {
    const slow = async (size: number) => size * 10;
    const c = await calibrate(slow, {
      start: 2,
      min: 2,
      max: 100,
      targetSeconds: 1,
    });
    expect(c.size).toBe(2);
    expect(c.trials).toHaveLength(2);
  });
});

describe('peak kernels, reference and geometry', () => {
  test.each([
    [1, 64, 65535, { x: 1, y: 1, row: 64 }],
    [64 * 3 + 7, 64, 65535, { x: 4, y: 1, row: 256 }],
    [1000, 64, 5, { x: 5, y: 4, row: 320 }],
  ])('grid(%d, %d, %d)', (n, wg, max, expected) => {
    const g = grid(n, wg, max);
    expect(g).toEqual(expected);
    // every invocation index below n is reached
    expect(g.row * g.y).toBeGreaterThanOrEqual(n);
  });

  test('grid refuses what two dimensions cannot hold', () => {
    expect(() => grid(64 * 26, 64, 5)).toThrow(/more than 5 squared/);
  });

  test('chain starts are distinct, in [0, 2) and exact in float32', () => {
    const seen = new Set<number>();
    for (const i of [0, 1, 1023, 1024, 4097]) {
      for (let j = 0; j < FMA_CHAINS; j++) {
        for (const v of chainStart(i, j)) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThan(2);
          expect(Math.fround(v)).toBe(v);
          if (i < 1024) seen.add(i * 1e3 + v);
        }
      }
    }
    expect(seen.size).toBe(3 * FMA_CHAINS * 4);
  });

  test('zero iterations sum the starts', () => {
    let s = 0;
    for (let j = 0; j < FMA_CHAINS; j++) {
      for (const v of chainStart(5, j)) s += v;
    }
    expect(fmaSumFloat64(5, 0, 0.75, 0.25)).toBeCloseTo(s, 12);
  });

  test('the chains contract to b / (1 - a)', () => {
    // 32 lanes at the fixed point 1
    expect(fmaSumFloat64(3, 200, 0.75, 0.25)).toBeCloseTo(32, 10);
  });

  test('the error bound is tight against the sums (at least 32)', () => {
    expect(fmaSumBound(0.75, 0.25, 0)).toBe(320 * 2 ** -24);
    expect(fmaSumBound(0.75, 0.25, 1e6) / 32).toBeLessThan(2e-6);
  });
});
