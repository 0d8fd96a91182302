import { describe, expect, test } from 'vitest';
import { runExperiment } from '../../src/engine/experiment';
import { runReference } from '../../src/reference/engine';
import { resolveSpec } from '../../src/spec/validate';
import { expectClose, useGpu } from './harness';

const gpu = useGpu();

describe('sanity', () => {
  test('himmelblau gd', async () => {
    const spec = resolveSpec({
      landscape: { id: 'himmelblau' },
      optimizers: [
        { id: 'gd', hyper: { lr: 0.01 } },
        { id: 'adam', hyper: { lr: 0.05 } },
      ],
      starts: { kind: 'grid', nx: 13, ny: 11 },
      steps: 50,
      record: { every: 10 },
    });
    const g = await runExperiment(gpu(), spec);
    const r = runReference(spec);
    for (let o = 0; o < 2; o++) {
      expectClose(
        g.optimizers[o]!.final,
        r.optimizers[o]!.final,
        { atol: 1e-4, rtol: 1e-4 },
        'final',
      );
      expect(g.optimizers[o]!.quantiles.live).toEqual(
        r.optimizers[o]!.quantiles.live,
      );
      console.log(
        JSON.stringify(g.optimizers[o]!.quantiles.values.slice(0, 3)),
        JSON.stringify(r.optimizers[o]!.quantiles.values.slice(0, 3)),
      );
      console.log(
        g.optimizers[o]!.basins.map((b) => b.count),
        r.optimizers[o]!.basins.map((b) => b.count),
        g.optimizers[o]!.converged,
        r.optimizers[o]!.converged,
      );
    }
  });
});
