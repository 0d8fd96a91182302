import { describe, expect, test } from 'vitest';
import {
  runNetworkSpecReference,
  summarizeNetworks,
  type NetResultsJson,
} from '../../src/nn/cli';

const spec = {
  network: { dataset: { kind: 'gauss', n: 40 }, widths: [2, 4, 1] },
  optimizers: [{ id: 'adam', hyper: { lr: 0.05 }, batchSize: 8 }],
  runs: 3,
  steps: 20,
  record: { every: 10 },
  sharpness: { powerIterations: 5, probes: 2 },
};

describe('network results as JSON', () => {
  test('the reference run gives per-network arrays without NaN', () => {
    const r = JSON.parse(runNetworkSpecReference(spec, true)) as NetResultsJson;
    expect(r.engine).toBe('reference');
    expect(r.parameters).toBe(17);
    const lane = r.lanes[0]!;
    expect(lane.perRun?.trainLoss).toHaveLength(3);
    expect(lane.perRun?.lambdaMax).toHaveLength(3);
    expect(lane.trainQuantiles.steps).toEqual([0, 10, 20]);
    expect(lane.median.testAccuracy).toBeGreaterThan(0.8);
  });

  test('regression accuracies are null, not NaN', () => {
    const r = JSON.parse(
      runNetworkSpecReference(
        { ...spec, network: { dataset: { kind: 'plane', n: 20 } } },
        true,
      ),
    ) as NetResultsJson;
    expect(r.lanes[0]!.median.trainAccuracy).toBeNull();
    expect(r.lanes[0]!.perRun?.trainAccuracy).toEqual([null, null, null]);
  });

  test('an invalid spec comes back as an error with its code', () => {
    const r = JSON.parse(runNetworkSpecReference({ ...spec, runs: -1 })) as {
      error: { code: string; message: string };
    };
    expect(r.error.code).toBe('SPEC_INVALID');
    expect(r.error.message).toContain('runs: must be an integer');
  });

  test('the summary names the network, the data and every lane', () => {
    const r = JSON.parse(runNetworkSpecReference(spec)) as NetResultsJson;
    const text = summarizeNetworks(r);
    expect(text).toMatch(/^Networks 2-4-1 \(17 parameters, tanh, bce, l2 0\)/);
    expect(text).toContain('gauss: 20 training and 20 test points');
    expect(text).toContain('Adam, B=8 [adam] lr=0.05');
    expect(text).toMatch(/median sharpness: lambda_max \S+, trace \S+/);
  });
});
