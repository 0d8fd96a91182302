import { describe, expect, test } from 'vitest';
import {
  DATASET_KINDS,
  DATASETS,
  generateDataset,
  trainCount,
  type DatasetKind,
  type DatasetSpec,
} from '../../src/nn/datasets';

function spec(kind: DatasetKind, over: Partial<DatasetSpec> = {}): DatasetSpec {
  return {
    kind,
    n: 401,
    noise: 0,
    labelNoise: 0,
    testFraction: 0.25,
    seed: 7,
    ...over,
  };
}

const classifications = DATASET_KINDS.filter(
  (k) => DATASETS[k].task === 'classification',
);

describe('datasets have the requested shape and split', () => {
  test.each(DATASET_KINDS)('%s: 401 points, 301 for training', (kind) => {
    const d = generateDataset(spec(kind));
    expect(d.inputs).toHaveLength(802);
    expect(d.labels).toHaveLength(401);
    expect(d.nTrain).toBe(301);
    expect(d.nTest).toBe(100);
    expect(d.task).toBe(DATASETS[kind].task);
  });

  test('the split rounds the test share to the nearest point', () => {
    expect(trainCount(10, 0.25)).toBe(7); // 2.5 test points round to 3
    expect(trainCount(200, 0.5)).toBe(100);
    expect(trainCount(64, 0)).toBe(64);
  });
});

describe('datasets are pure functions of the seed', () => {
  test.each(DATASET_KINDS)('%s: same seed, same points', (kind) => {
    const s = spec(kind, { noise: 0.1, labelNoise: 0.2 });
    const a = generateDataset(s);
    const b = generateDataset(s);
    expect(Array.from(a.inputs)).toEqual(Array.from(b.inputs));
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
  });

  test.each(DATASET_KINDS)('%s: another seed, other points', (kind) => {
    const a = generateDataset(spec(kind));
    const b = generateDataset(spec(kind, { seed: 8 }));
    const same = a.inputs.filter((v, i) => v === b.inputs[i]).length;
    expect(same).toBeLessThan(10);
  });

  test('point i does not depend on n without label noise', () => {
    const small = generateDataset(spec('spiral', { n: 50, noise: 0.05 }));
    const large = generateDataset(spec('spiral', { n: 500, noise: 0.05 }));
    expect(Array.from(large.inputs.subarray(0, 100))).toEqual(
      Array.from(small.inputs),
    );
  });
});

describe('clean datasets follow their rule', () => {
  test.each(DATASET_KINDS.filter((k) => k !== 'gauss'))(
    '%s: inputs lie in [-1, 1]^2',
    (kind) => {
      const d = generateDataset(spec(kind, { n: 2000 }));
      const maxAbs = Math.max(...Array.from(d.inputs, Math.abs));
      expect(maxAbs).toBeLessThanOrEqual(1 + 1e-6);
      expect(maxAbs).toBeGreaterThan(0.9);
    },
  );

  test('circle: class 1 within radius 0.5, class 0 in the ring', () => {
    const d = generateDataset(spec('circle', { n: 1000 }));
    for (let i = 0; i < 1000; i++) {
      const r = Math.hypot(d.inputs[2 * i]!, d.inputs[2 * i + 1]!);
      if (d.labels[i] === 1) expect(r).toBeLessThanOrEqual(0.5 + 1e-6);
      else {
        expect(r).toBeGreaterThanOrEqual(0.7 - 1e-6);
        expect(r).toBeLessThanOrEqual(1 + 1e-6);
      }
    }
  });

  test('xor: the label is whether x y > 0, away from the axes', () => {
    const d = generateDataset(spec('xor', { n: 1000 }));
    for (let i = 0; i < 1000; i++) {
      const x = d.inputs[2 * i]!;
      const y = d.inputs[2 * i + 1]!;
      expect(d.labels[i]).toBe(x * y > 0 ? 1 : 0);
      expect(Math.min(Math.abs(x), Math.abs(y))).toBeGreaterThanOrEqual(
        0.05 - 1e-6,
      );
    }
  });

  test('gauss: class means near (0.4, 0.4) and (-0.4, -0.4)', () => {
    const d = generateDataset(spec('gauss', { n: 4000 }));
    const mean = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const c = d.labels[i]! * 2;
      mean[c] = mean[c]! + d.inputs[2 * i]! / 2000;
      mean[c + 1] = mean[c + 1]! + d.inputs[2 * i + 1]! / 2000;
    }
    // standard error 0.25 / sqrt(2000) = 0.0056: 0.025 is 4.5 of them
    for (const [m, want] of mean.map((m, i) => [m, i < 2 ? -0.4 : 0.4])) {
      expect(Math.abs(m! - want!)).toBeLessThan(0.025);
    }
  });

  test('plane: the target is the mean of the inputs', () => {
    const d = generateDataset(spec('plane'));
    for (let i = 0; i < 401; i++) {
      const want = 0.5 * (d.inputs[2 * i]! + d.inputs[2 * i + 1]!);
      expect(d.labels[i]).toBeCloseTo(want, 6);
    }
  });
});

describe('classes are balanced in both splits', () => {
  test.each(classifications)('%s: half of each class, within one', (k) => {
    const d = generateDataset(spec(k));
    const ones = (from: number, to: number) =>
      d.labels.subarray(from, to).reduce((s, y) => s + y, 0);
    expect(Math.abs(ones(0, d.nTrain) - d.nTrain / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(ones(d.nTrain, 401) - d.nTest / 2)).toBeLessThanOrEqual(1);
  });
});

describe('noise', () => {
  test.each(classifications)(
    '%s: label noise 0.2 flips 20 % of training labels, no test label',
    (kind) => {
      const n = 20_000;
      const clean = generateDataset(spec(kind, { n }));
      const noisy = generateDataset(spec(kind, { n, labelNoise: 0.2 }));
      let flipped = 0;
      for (let i = 0; i < clean.nTrain; i++) {
        if (clean.labels[i] !== noisy.labels[i]) flipped++;
      }
      const frac = flipped / clean.nTrain;
      // 4 standard errors of a proportion 0.2 over 15,000 labels: 0.013
      const se = Math.sqrt((0.2 * 0.8) / clean.nTrain);
      expect(Math.abs(frac - 0.2)).toBeLessThan(4 * se);
      expect(Array.from(noisy.labels.subarray(clean.nTrain))).toEqual(
        Array.from(clean.labels.subarray(clean.nTrain)),
      );
    },
  );

  test('input noise has the requested standard deviation', () => {
    const n = 10_000;
    const clean = generateDataset(spec('moons', { n }));
    const noisy = generateDataset(spec('moons', { n, noise: 0.1 }));
    let ss = 0;
    for (let i = 0; i < 2 * n; i++) {
      ss += (noisy.inputs[i]! - clean.inputs[i]!) ** 2;
    }
    const sd = Math.sqrt(ss / (2 * n));
    // 20,000 normals: the standard deviation is within 2 % of 0.1
    expect(Math.abs(sd - 0.1)).toBeLessThan(0.002);
  });

  test('regression label noise is additive target noise', () => {
    const n = 10_000;
    const clean = generateDataset(spec('plane', { n }));
    const noisy = generateDataset(spec('plane', { n, labelNoise: 0.05 }));
    let ss = 0;
    for (let i = 0; i < clean.nTrain; i++) {
      ss += (noisy.labels[i]! - clean.labels[i]!) ** 2;
    }
    expect(Math.sqrt(ss / clean.nTrain)).toBeCloseTo(0.05, 2);
  });
});
