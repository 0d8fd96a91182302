import { describe, expect, test } from 'vitest';
import { formatReport } from '../../src/bench/format';
import {
  COUNTED_SOURCES_HASH,
  countedSourcesHash,
  FUSED_ADAM_ROSENBROCK_OPS,
  FUSED_OPS_PER_RUN_STEP,
  fnv1a,
  unfusedBytesPerRunStep,
} from '../../src/bench/ops';
import { figure } from '../../src/bench/stats';
import {
  browserOf,
  PEERS,
  suiteParams,
  type BenchReport,
} from '../../src/bench/suite';
import {
  adamRosenbrockFloat64,
  checkParity,
  WORKLOAD,
  workloadStarts,
} from '../../src/bench/workload';
import { rosenbrock } from '../../src/objectives/rosenbrock';
import { adam } from '../../src/optimizers/adam';
import { generateStarts } from '../../src/spec/starts';

/** Adam on Rosenbrock through the Float64 twins, one run at a time. */
function twins(starts: Float32Array, steps: number): Float64Array {
  const w = WORKLOAD;
  const h = { lr: w.lr, beta1: w.beta1, beta2: w.beta2, eps: w.eps };
  const out = new Float64Array(starts.length);
  for (let i = 0; i < starts.length / 2; i++) {
    let x = starts[2 * i]!;
    let y = starts[2 * i + 1]!;
    const sx = { m: 0, v: 0 };
    const sy = { m: 0, v: 0 };
    for (let t = 1; t <= steps; t++) {
      const c = adam.consts(h, { t, lr: w.lr });
      const g = rosenbrock.valueGrad(x, y, { a: w.a, b: w.b });
      x = adam.update(x, g.gx, sx, c);
      y = adam.update(y, g.gy, sy, c);
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

describe('the JavaScript Float64 peer', () => {
  test('equals the Float64 twins exactly', () => {
    const starts = workloadStarts(WORKLOAD, 37);
    expect(adamRosenbrockFloat64(WORKLOAD, starts, 50)).toEqual(
      twins(starts, 50),
    );
  });

  test('starts from the engine starts', () => {
    const starts = workloadStarts(WORKLOAD, 100);
    const again = generateStarts(
      {
        kind: 'uniform',
        count: 100,
        bounds: rosenbrock.bounds({ a: WORKLOAD.a, b: WORKLOAD.b }),
      },
      WORKLOAD.seed,
    );
    expect(starts).toEqual(again);
  });

  test('moves every run towards lower loss', () => {
    const starts = workloadStarts(WORKLOAD, 64);
    const end = adamRosenbrockFloat64(WORKLOAD, starts, 100);
    const p = { a: WORKLOAD.a, b: WORKLOAD.b };
    let lower = 0;
    for (let i = 0; i < 64; i++) {
      const f0 = rosenbrock.valueGrad(starts[2 * i]!, starts[2 * i + 1]!, p);
      const f1 = rosenbrock.valueGrad(end[2 * i]!, end[2 * i + 1]!, p);
      if (f1.value < f0.value) lower++;
    }
    expect(lower).toBe(64);
  });
});

describe('parity', () => {
  const tol = { atol: 1e-4, rtol: 0 };

  test('passes within the tolerance', () => {
    const p = checkParity([1, 2.00005], [1, 2], tol);
    expect(p).toMatchObject({ pass: true, mismatches: 0, compared: 2 });
    expect(p.maxAbsDiff).toBeCloseTo(5e-5, 12);
  });

  test('fails outside it and names the worst coordinate', () => {
    const p = checkParity([1, 2.1, 3.01], [1, 2, 3], tol);
    expect(p).toMatchObject({ pass: false, mismatches: 2 });
    expect(p.worst).toMatchObject({ index: 1, peer: 2.1, basins: 2 });
  });

  test('a relative part scales with the reference', () => {
    const p = checkParity([1000.05], [1000], { atol: 0, rtol: 1e-4 });
    expect(p.pass).toBe(true);
  });

  test('non-finite values always fail', () => {
    const p = checkParity([NaN, 1], [0, 1], tol);
    expect(p).toMatchObject({ pass: false, mismatches: 1 });
    expect(p.maxAbsDiff).toBe(Infinity);
    expect(p.worst?.index).toBe(0);
  });

  test('lengths must agree', () => {
    expect(() => checkParity([1], [1, 2], tol)).toThrow(RangeError);
  });
});

describe('suite parameters', () => {
  test('the default suite sweeps N = 4,096 ... 4,194,304', () => {
    const p = suiteParams(WORKLOAD);
    expect(p.scalingRuns).toEqual([
      4096, 16384, 65536, 262144, 1048576, 4194304,
    ]);
    expect(p).toMatchObject({ reps: 5, comparisonRuns: 262144 });
    expect(p.peers).toEqual(Object.keys(PEERS));
  });

  test('every peer N and the comparison N are in the sweep', () => {
    for (const o of [
      {},
      { quick: true },
      { maxRuns: 100000 },
      { maxRuns: 4096 },
    ]) {
      const p = suiteParams(WORKLOAD, o);
      for (const n of [...p.peerRuns, p.comparisonRuns]) {
        expect(p.scalingRuns).toContain(n);
      }
    }
  });

  test('--max-runs cuts the sweep', () => {
    const p = suiteParams(WORKLOAD, { maxRuns: 100000 });
    expect(p.scalingRuns).toEqual([4096, 16384, 65536]);
    expect(p.comparisonRuns).toBe(65536);
    expect(p.frameRuns).toEqual([65536]);
  });

  test('the quick suite is smaller', () => {
    const p = suiteParams(WORKLOAD, { quick: true });
    expect(p).toMatchObject({ kind: 'quick', reps: 3 });
    expect(p.scalingRuns.length).toBeLessThan(6);
  });

  test.each([{ maxRuns: 100 }, { reps: 0 }, { reps: 1.5 }])(
    'refuses %j',
    (o) => {
      expect(() => suiteParams(WORKLOAD, o)).toThrow(RangeError);
    },
  );
});

describe('counts', () => {
  test('operations add up', () => {
    const b = FUSED_ADAM_ROSENBROCK_OPS;
    expect(FUSED_OPS_PER_RUN_STEP).toBe(
      b.valueGrad + b.oracle + b.adam + b.convergence,
    );
  });

  test('bytes per unfused run-step come from the WGSL structs', () => {
    const b = unfusedBytesPerRunStep();
    // struct Run is 24 bytes (vec2f, f32, u32, u32, aligned to 8); Adam's
    // OptState is 8 bytes per coordinate; a path slot is one u32, not
    // read without recorded paths
    expect(b).toEqual({
      runBytes: 24,
      stateBytes: 16,
      pathSlotBytes: 4,
      total: 80,
    });
  });

  test('the count was made on the kernel as it is now', () => {
    // fails when shaders/kernels/fused.wgsl, plain.wgsl, rosenbrock.wgsl or
    // adam.wgsl change: recount FUSED_ADAM_ROSENBROCK_OPS in
    // src/bench/ops.ts, then update COUNTED_SOURCES_HASH
    expect(countedSourcesHash()).toBe(COUNTED_SOURCES_HASH);
  });

  test('fnv1a matches its published test vectors', () => {
    expect(fnv1a('')).toBe('811c9dc5');
    expect(fnv1a('a')).toBe('e40c292c');
    expect(fnv1a('foobar')).toBe('bf9cf968');
  });
});

describe('browser names', () => {
  test.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like ' +
        'Gecko) HeadlessChrome/140.0.7339.16 Safari/537.36',
      { name: 'HeadlessChrome', version: '140.0.7339.16' },
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 ' +
        '(KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36 Edg/139.0.0.0',
      { name: 'Edge', version: '139.0.0.0' },
    ],
    ['curl/8', { name: 'unknown', version: 'unknown' }],
  ])('%s', (ua, expected) => {
    expect(browserOf(ua)).toEqual(expected);
  });
});

describe('the table', () => {
  test('prints every section and a failed parity loudly', () => {
    const params = suiteParams(WORKLOAD, { quick: true });
    const f = figure([1e7, 1.1e7, 0.9e7], 'run-steps/s');
    const report: BenchReport = {
      suite: { name: 'basins-bench', version: '1.0.0', params },
      date: '2025-01-01T00:00:00.000Z',
      environment: {
        userAgent: 'test',
        browser: { name: 'chromium', version: '1' },
        hardwareConcurrency: 2,
        adapter: {
          vendor: 'google',
          architecture: 'swiftshader',
          description: '',
          isFallbackAdapter: true,
        },
        limits: {},
        features: [],
        runsPerInvocation: 4,
      },
      counts: {
        opsPerRunStep: 55,
        opsBreakdown: {},
        opsRules: '',
        sourcesHash: 'x',
        countedSourcesHash: 'x',
        countIsCurrent: true,
        unfusedBytesPerRunStep: 80,
        unfusedBytesBreakdown: {},
      },
      peak: { errors: [] },
      scaling: {
        fused: [{ runs: 262144, steps: 64, runStepsPerSecond: f, share: 0.2 }],
        unfused: [{ runs: 262144, steps: 0, error: 'out of memory\nmore' }],
        fusedUnevenness: null,
      },
      families: [],
      peers: [
        {
          id: 'js-float64',
          label: PEERS['js-float64'],
          runs: 262144,
          steps: 100,
          runStepsPerSecond: f,
          basinsOverPeer: { median: 1, min: 0.8, max: 1.2 },
          parity: checkParity([1.5], [1], { atol: 1e-4, rtol: 0 }),
        },
      ],
      frameTime: { note: 'n', points: [] },
      targets: [{ name: 't', goal: '>= 3', measured: 1, pass: false }],
      notes: ['Network training: not measured.'],
      seconds: 12,
    };
    const text = formatReport(report);
    expect(text).toContain('262,144');
    expect(text).toContain('10.0 M [9.00 M-11.0 M]');
    expect(text).toContain('N 262,144: out of memory');
    expect(text).toContain('NOT MET');
    expect(text).toMatch(/PARITY FAILED for JavaScript Float64 loop/);
  });
});
