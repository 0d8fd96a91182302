import { describe, expect, test } from 'vitest';
import { scheduleFactor } from '../../src/optimizers/schedules';

describe('learning-rate schedules', () => {
  test('constant is 1 at every step', () => {
    expect(
      [1, 50, 100].map((t) => scheduleFactor({ kind: 'constant' }, t, 100)),
    ).toEqual([1, 1, 1]);
  });

  test('step decays by gamma every `every` steps', () => {
    const s = { kind: 'step', every: 10, gamma: 0.5 } as const;
    expect([1, 10, 11, 20, 21].map((t) => scheduleFactor(s, t, 100))).toEqual([
      1, 1, 0.5, 0.5, 0.25,
    ]);
  });

  test('cosine goes from 1 at the first step to minFactor at the last', () => {
    const s = { kind: 'cosine', minFactor: 0.1, warmup: 0 } as const;
    expect(scheduleFactor(s, 1, 101)).toBeCloseTo(1, 12);
    expect(scheduleFactor(s, 51, 101)).toBeCloseTo(0.55, 12);
    expect(scheduleFactor(s, 101, 101)).toBeCloseTo(0.1, 12);
  });

  test('cosine warm-up rises linearly to 1', () => {
    const s = { kind: 'cosine', minFactor: 0, warmup: 4 } as const;
    expect([1, 2, 4].map((t) => scheduleFactor(s, t, 100))).toEqual([
      0.25, 0.5, 1,
    ]);
  });

  test('inverse square root is 1 / sqrt(t)', () => {
    const s = { kind: 'inverse-sqrt', warmup: 0 } as const;
    expect(scheduleFactor(s, 1, 10)).toBe(1);
    expect(scheduleFactor(s, 4, 10)).toBe(0.5);
    expect(scheduleFactor(s, 100, 1000)).toBeCloseTo(0.1, 12);
  });
});
