import { describe, expect, test } from 'vitest';
import { filterNormalizedDirection, linspace } from '../../src/nn/landscape';
import { layersOf } from '../../src/nn/mlp';

describe('filter-normalized directions (Li et al., 2018)', () => {
  const widths = [2, 6, 5, 1];
  const w = Float64Array.from({ length: 59 }, (_, i) => Math.sin(3 * i + 1));

  test('each neuron direction has the norm of its weights', () => {
    const d = filterNormalizedDirection({ widths }, w, 4, 0);
    for (const L of layersOf(widths)) {
      for (let j = 0; j < L.nOut; j++) {
        const row = L.weights + j * L.nIn;
        let dn = 0;
        let wn = 0;
        for (let k = 0; k < L.nIn; k++) {
          dn += d[row + k]! ** 2;
          wn += w[row + k]! ** 2;
        }
        expect(Math.sqrt(dn)).toBeCloseTo(Math.sqrt(wn), 6);
      }
    }
  });

  test('biases are not perturbed', () => {
    const d = filterNormalizedDirection({ widths }, w, 4, 0);
    for (const L of layersOf(widths)) {
      expect(Array.from(d.subarray(L.biases, L.biases + L.nOut))).toEqual(
        new Array<number>(L.nOut).fill(0),
      );
    }
  });

  test('directions are keyed by (seed, direction)', () => {
    const a = filterNormalizedDirection({ widths }, w, 4, 0);
    expect(Array.from(filterNormalizedDirection({ widths }, w, 4, 0))).toEqual(
      Array.from(a),
    );
    const b = filterNormalizedDirection({ widths }, w, 4, 1);
    const dot = a.reduce((s, x, i) => s + x * b[i]!, 0);
    const na = Math.hypot(...a);
    const nb = Math.hypot(...b);
    // two random directions in 59 dimensions are nearly orthogonal
    expect(Math.abs(dot / (na * nb))).toBeLessThan(0.5);
  });
});

describe('linspace', () => {
  test('includes both ends', () => {
    expect(linspace(-1, 1, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(linspace(2, 3, 1)).toEqual([2]);
  });
});
