/**
 * Two-dimensional datasets in the style of the classroom playgrounds
 * (TensorFlow Playground, D. Smilkov and S. Carter, 2016; scikit-learn's
 * make_moons): five binary classifications and one regression, generated
 * in the browser from a seed. Point i is a pure function of (seed, i), so
 * a dataset is the same on every machine and for every n up to i.
 *
 * Inputs lie in [-1, 1]^2 before noise. Classes alternate with the index
 * (label = i mod 2 before label noise) so that both splits are balanced
 * to within one point. The first nTrain points are the training set, the
 * others the test set. Label noise flips training labels only: the test
 * set measures how well the clean rule was learned, so the gap between
 * test and train loss shows memorization of the flipped labels.
 */
import { normal2, pcg4d, unitOpen0 } from '../util/random';
import { NN_STREAM } from './streams';

export type DatasetKind =
  'circle' | 'xor' | 'gauss' | 'spiral' | 'moons' | 'plane';

export type Task = 'classification' | 'regression';

/** How to generate a dataset: what a spec holds. */
export interface DatasetSpec {
  kind: DatasetKind;
  /** Points in all, training and test. */
  n: number;
  /** Standard deviation of the Gaussian noise added to each input. */
  noise: number;
  /**
   * Classification: the probability that a training label is flipped.
   * Regression: the standard deviation of the noise added to a training
   * target.
   */
  labelNoise: number;
  /** Share of the points held out as the test set. */
  testFraction: number;
  /** Keys every random number of the dataset. */
  seed: number;
}

/** A generated dataset: training points first, then test points. */
export interface Dataset {
  spec: DatasetSpec;
  task: Task;
  /** Inputs, point i at [2 i, 2 i + 1]. */
  inputs: Float32Array;
  /** Labels in {0, 1} (classification) or targets (regression). */
  labels: Float32Array;
  /** Points [0, nTrain) are for training. */
  nTrain: number;
  /** Points [nTrain, nTrain + nTest) are for testing. */
  nTest: number;
}

interface DatasetInfo {
  name: string;
  task: Task;
  /** One sentence: what the points look like. */
  summary: string;
  /** The clean point i of class `label`, from uniform numbers u in (0, 1]
   * and two standard normals z. */
  point(
    label: number,
    u: readonly [number, number, number, number],
    z: readonly [number, number],
  ): [number, number, number];
}

/** Distance kept from the axes by the XOR quadrants (as the playground). */
const XOR_PADDING = 0.05;

/** Every dataset, by kind. */
export const DATASETS: Readonly<Record<DatasetKind, DatasetInfo>> = {
  circle: {
    name: 'Circle',
    task: 'classification',
    summary:
      'Class 1 fills the disc of radius 0.5, class 0 the ring between ' +
      'radii 0.7 and 1.',
    point(label, u) {
      const r = label ? 0.5 * u[0] : 0.7 + 0.3 * u[0];
      const a = 2 * Math.PI * u[1];
      return [r * Math.cos(a), r * Math.sin(a), label];
    },
  },
  xor: {
    name: 'XOR',
    task: 'classification',
    summary:
      'Class 1 in the quadrants where x y > 0, class 0 where x y < 0, ' +
      'kept 0.05 away from the axes.',
    point(label, u) {
      const a = XOR_PADDING + (1 - XOR_PADDING) * u[0];
      const b = XOR_PADDING + (1 - XOR_PADDING) * u[1];
      const s = u[2] <= 0.5 ? 1 : -1;
      return [s * a, (label ? s : -s) * b, label];
    },
  },
  gauss: {
    name: 'Two Gaussians',
    task: 'classification',
    summary:
      'Two round Gaussian blobs of standard deviation 0.25 centred at ' +
      '(0.4, 0.4) (class 1) and (-0.4, -0.4) (class 0).',
    point(label, _u, z) {
      const c = label ? 0.4 : -0.4;
      return [c + 0.25 * z[0], c + 0.25 * z[1], label];
    },
  },
  spiral: {
    name: 'Spiral',
    task: 'classification',
    summary:
      'Two interleaved spiral arms of 1.75 turns from the centre out to ' +
      'radius 1, one per class.',
    point(label, u) {
      const s = u[0];
      const a = 1.75 * 2 * Math.PI * s + (label ? Math.PI : 0);
      return [s * Math.sin(a), s * Math.cos(a), label];
    },
  },
  moons: {
    name: 'Two moons',
    task: 'classification',
    summary:
      'Two interleaved half circles (scikit-learn make_moons), scaled ' +
      'to x in [-1, 1]: the upper one class 0, the lower one class 1.',
    point(label, u) {
      const a = Math.PI * u[0];
      const x = label ? 1 - Math.cos(a) : Math.cos(a);
      const y = label ? 0.5 - Math.sin(a) : Math.sin(a);
      return [(x - 0.5) / 1.5, (y - 0.25) / 1.5, label];
    },
  },
  plane: {
    name: 'Regression plane',
    task: 'regression',
    summary:
      'Inputs uniform in [-1, 1]^2, target (x + y) / 2: a linear ' +
      'regression, with label noise as additive target noise.',
    point(_label, u) {
      const x = 2 * u[0] - 1;
      const y = 2 * u[1] - 1;
      return [x, y, 0.5 * (x + y)];
    },
  },
};

export const DATASET_KINDS = Object.keys(DATASETS) as DatasetKind[];

/** Points held for training out of n with a test share. */
export function trainCount(n: number, testFraction: number): number {
  return n - Math.round(n * testFraction);
}

/**
 * Generates a dataset. Point i is shaped by the four uniform words of
 * (seed, i, 0, dataPoint) and the normals of dataShape; its inputs move
 * by noise times the normals of dataNoise; a training label flips when
 * the first word of dataLabel falls below labelNoise (regression: the
 * target moves by labelNoise times a normal of dataLabel).
 */
export function generateDataset(spec: DatasetSpec): Dataset {
  const info = DATASETS[spec.kind];
  const n = spec.n;
  const nTrain = trainCount(n, spec.testFraction);
  const inputs = new Float32Array(2 * n);
  const labels = new Float32Array(n);
  const s = spec.seed;
  for (let i = 0; i < n; i++) {
    const words = pcg4d(s, i, 0, NN_STREAM.dataPoint);
    const u = words.map(unitOpen0) as [number, number, number, number];
    const shape = normal2(s, i, 0, NN_STREAM.dataShape);
    let [x, y, label] = info.point(i % 2, u, shape);
    if (spec.noise > 0) {
      const [zx, zy] = normal2(s, i, 0, NN_STREAM.dataNoise);
      x += spec.noise * zx;
      y += spec.noise * zy;
    }
    if (i < nTrain && spec.labelNoise > 0) {
      if (info.task === 'classification') {
        const [w] = pcg4d(s, i, 0, NN_STREAM.dataLabel);
        if (unitOpen0(w) <= spec.labelNoise) label = 1 - label;
      } else {
        label += spec.labelNoise * normal2(s, i, 0, NN_STREAM.dataLabel)[0];
      }
    }
    inputs[2 * i] = x;
    inputs[2 * i + 1] = y;
    labels[i] = label;
  }
  return { spec, task: info.task, inputs, labels, nTrain, nTest: n - nTrain };
}
