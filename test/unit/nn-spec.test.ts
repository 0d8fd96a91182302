import { makeStructuredView } from 'webgpu-utils';
import { reflect } from '../../src/engine/shaders';
import { describe, expect, test } from 'vitest';
import {
  commonModuleSource,
  defaultForm,
  trainKernelSource,
} from '../../src/nn/shaders';
import { unrolledNetwork, unrolledSam } from '../../src/nn/unrolled';
import { adam } from '../../src/optimizers/adam';
import {
  isNetworkSpec,
  resolveNetworkSpec,
  type NetworkSpec,
} from '../../src/nn/spec';
import { NN_STREAM } from '../../src/nn/streams';
import { SpecError } from '../../src/util/errors';

const base: NetworkSpec = {
  network: { dataset: { kind: 'xor' } },
  optimizers: [{ id: 'adam' }],
  runs: 64,
  steps: 100,
};

/** The issues of a spec that must fail, as "path: message" lines. */
function issues(input: unknown): string[] {
  try {
    resolveNetworkSpec(input);
  } catch (e) {
    if (e instanceof SpecError) {
      return e.issues.map((i) => `${i.path}: ${i.message}`);
    }
    throw e;
  }
  throw new Error('the spec was accepted');
}

describe('network specs fill in their defaults', () => {
  test('a minimal spec gets the documented defaults', () => {
    const s = resolveNetworkSpec(base);
    expect(s.shape).toEqual({
      widths: [2, 8, 8, 1],
      activation: 'tanh',
      loss: 'bce',
      l2: 0,
    });
    expect(s.parameters).toBe(105);
    expect(s.dataset).toEqual({
      kind: 'xor',
      n: 200,
      noise: 0,
      labelNoise: 0,
      testFraction: 0.5,
      seed: 1,
    });
    expect(s.optimizers[0]!.batchSize).toBe(32);
    expect(s.optimizers[0]!.label).toBe('Adam, B=32');
    expect(s.records).toEqual([
      0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90,
      95, 100,
    ]);
    expect(s.sharpness).toEqual({
      powerIterations: 20,
      probes: 8,
      epsilon: 1e-3,
      ascentSteps: 5,
    });
  });

  test('the dataset seed follows the experiment seed', () => {
    expect(resolveNetworkSpec({ ...base, seed: 7 }).dataset.seed).toBe(7);
  });

  test('regression datasets default to the squared error', () => {
    const s = resolveNetworkSpec({
      ...base,
      network: { dataset: { kind: 'plane' } },
    });
    expect(s.shape.loss).toBe('mse');
  });

  test('"full" batches take the whole training set', () => {
    const s = resolveNetworkSpec({
      ...base,
      optimizers: [
        { id: 'gd', batchSize: 'full' },
        { id: 'gd', batchSize: 100 },
      ],
    });
    expect(s.optimizers.map((o) => [o.batchSize, o.fullBatch])).toEqual([
      [100, true],
      [100, true],
    ]);
    expect(s.json.optimizers[0]!.batchSize).toBe('full');
  });

  test('lanes sample with replacement unless they say epochs', () => {
    const s = resolveNetworkSpec({
      ...base,
      optimizers: [
        { id: 'gd', batchSize: 16 },
        { id: 'gd', batchSize: 16, sampling: 'epochs' },
        { id: 'gd', batchSize: 'full', sampling: 'epochs' },
      ],
    });
    expect(s.optimizers.map((o) => [o.sampling, o.label])).toEqual([
      ['replacement', 'GD / SGD, B=16'],
      ['epochs', 'GD / SGD, B=16, epochs'],
      ['epochs', 'GD / SGD, B=full'],
    ]);
    expect(s.json.optimizers.map((o) => o.sampling)).toEqual([
      undefined,
      'epochs',
      'epochs',
    ]);
    expect(resolveNetworkSpec(s.json).optimizers[1]!.sampling).toBe('epochs');
  });

  test("SAM and adaptive SAM lanes take the 2D oracles' fields and defaults", () => {
    const s = resolveNetworkSpec({
      ...base,
      optimizers: [
        { id: 'gd', batchSize: 16, gradient: { id: 'sam' } },
        { id: 'adam', gradient: { id: 'asam', hyper: { rho: 0.2 } } },
        { id: 'adam', gradient: { id: 'plain' } },
      ],
    });
    expect(s.optimizers.map((o) => o.sam)).toEqual([
      { rho: 0.05, adaptive: false, eta: 0 },
      { rho: 0.2, adaptive: true, eta: 0.01 },
      null,
    ]);
    expect(s.optimizers.map((o) => o.label)).toEqual([
      'GD / SGD + SAM ρ=0.05, B=16',
      'Adam + Adaptive SAM ρ=0.2, B=32',
      'Adam, B=32',
    ]);
    expect(s.json.optimizers[1]!.gradient).toEqual({
      id: 'asam',
      hyper: { rho: 0.2, eta: 0.01 },
    });
    expect(s.json.optimizers[2]!.gradient).toBeUndefined();
    const again = resolveNetworkSpec(JSON.parse(JSON.stringify(s.json)));
    expect(again.json).toEqual(s.json);
  });

  test('sharpness can be switched off', () => {
    expect(resolveNetworkSpec({ ...base, sharpness: false }).sharpness).toBe(
      null,
    );
  });

  test('the filled-in JSON resolves to the same spec', () => {
    const s = resolveNetworkSpec({ ...base, seed: 3, steps: 40 });
    const again = resolveNetworkSpec(JSON.parse(JSON.stringify(s.json)));
    expect(again.json).toEqual(s.json);
  });
});

describe('network specs report every problem with its path', () => {
  test.each([
    [
      'an unknown dataset',
      { ...base, network: { dataset: { kind: 'swirl' } } },
      'network.dataset.kind: must be one of circle, xor, gauss, spiral, ' +
        'moons, plane, got "swirl"',
    ],
    [
      'three inputs',
      { ...base, network: { dataset: { kind: 'xor' }, widths: [3, 4, 1] } },
      'network.widths[0]: must be 2 (the inputs), got 3',
    ],
    [
      'two outputs',
      { ...base, network: { dataset: { kind: 'xor' }, widths: [2, 4, 2] } },
      'network.widths[2]: must be 1 (one logit or one prediction), got 2',
    ],
    [
      'a layer too wide',
      { ...base, network: { dataset: { kind: 'xor' }, widths: [2, 33, 1] } },
      'network.widths: must be 2 to 5 integers in [1, 32], from input to ' +
        'output, e.g. [2, 8, 8, 1]',
    ],
    [
      'cross-entropy on a regression',
      { ...base, network: { dataset: { kind: 'plane' }, loss: 'bce' } },
      'network.loss: bce needs class labels; the plane dataset is a ' +
        'regression: use mse',
    ],
    [
      'a learning rate out of range',
      { ...base, optimizers: [{ id: 'adam', hyper: { lr: -1 } }] },
      'optimizers[0].hyper.lr: must be a number in (0, 100], got -1',
    ],
    [
      'a batch larger than the training set',
      { ...base, optimizers: [{ id: 'gd', batchSize: 101 }] },
      'optimizers[0].batchSize: must be an integer in [1, 100], got 101 ' +
        '(the training set has 100 points; use "full")',
    ],
    [
      'an unknown sampling',
      { ...base, optimizers: [{ id: 'gd', sampling: 'shuffle' }] },
      'optimizers[0].sampling: must be one of replacement, epochs, got ' +
        '"shuffle"',
    ],
    [
      'an unknown field',
      { ...base, network: { dataset: { kind: 'xor' }, depth: 3 } },
      'network.depth: unknown field; allowed: dataset, widths, ' +
        'activation, loss, l2',
    ],
  ])('%s', (_, input, message) => {
    expect(issues(input)).toContain(message);
  });

  test('Newton is refused: it needs the whole 2x2 Hessian', () => {
    const [message] = issues({ ...base, optimizers: [{ id: 'newton' }] });
    expect(message).toMatch(
      /^optimizers\[0\]\.id: newton needs the whole 2x2 Hessian and runs on 2D landscapes only; networks take the per-coordinate optimizers: gd, momentum/,
    );
  });

  test.each([
    [
      'a 2D-only gradient oracle',
      { id: 'entropy-sgd' },
      'optimizers[0].gradient.id: entropy-sgd runs on 2D landscapes only; ' +
        'networks take the gradients plain, sam, asam',
    ],
    [
      'an unknown gradient oracle',
      { id: 'samm' },
      'optimizers[0].gradient.id: unknown gradient "samm"; networks take ' +
        'plain, sam, asam',
    ],
    [
      'a negative SAM radius',
      { id: 'sam', hyper: { rho: -1 } },
      'optimizers[0].gradient.hyper.rho: must be a number in [0, 10], got -1',
    ],
    [
      'an adaptive SAM offset out of range',
      { id: 'asam', hyper: { eta: 20 } },
      'optimizers[0].gradient.hyper.eta: must be a number in [0, 10], got 20',
    ],
    [
      'a field SAM does not have',
      { id: 'sam', hyper: { sigma: 1 } },
      'optimizers[0].gradient.hyper.sigma: unknown field; allowed: rho',
    ],
  ])('%s is refused with what networks take', (_, gradient, message) => {
    expect(issues({ ...base, optimizers: [{ id: 'gd', gradient }] })).toContain(
      message,
    );
  });

  test('every problem is listed, not only the first', () => {
    const list = issues({
      network: { dataset: { kind: 'xor', n: 2 }, activation: 'gelu' },
      optimizers: [{ id: 'adam', hyper: { beta1: 2 } }],
      runs: 0,
      steps: 1.5,
    });
    expect(list.map((l) => l.split(':')[0])).toEqual([
      'network.dataset.n',
      'network.activation',
      'optimizers[0].hyper.beta1',
      'runs',
      'steps',
    ]);
  });
});

describe('network specs are told apart from 2D specs', () => {
  test('by their network key', () => {
    expect(isNetworkSpec(base)).toBe(true);
    expect(isNetworkSpec({ landscape: { id: 'booth' } })).toBe(false);
    expect(isNetworkSpec(null)).toBe(false);
  });
});

describe('the WGSL streams are the TypeScript streams', () => {
  test.each([
    ['NN_STREAM_BATCH', NN_STREAM.batch],
    ['NN_STREAM_SHUFFLE', NN_STREAM.shuffle],
    ['NN_STREAM_POWER', NN_STREAM.power],
    ['NN_STREAM_PROBE', NN_STREAM.probe],
  ])('%s', (name, value) => {
    const m = new RegExp(`const ${name}: u32 = (0x[0-9a-f]+)u;`).exec(
      commonModuleSource,
    );
    expect(Number(m?.[1])).toBe(value);
  });
});

describe('kernel sources', () => {
  const widths = [2, 5, 3, 1];

  test.each(['loops', 'unrolled'] as const)(
    'the %s training kernel declares the buffers the engine binds',
    (form) => {
      const code = trainKernelSource(adam, widths, form);
      const defs = reflect(code);
      expect(Object.keys(defs.storages)).toEqual([
        'consts',
        'data',
        'params',
        'opt_state',
        'runs',
      ]);
      expect(code).not.toContain('#');
    },
  );

  test.each(['loops', 'unrolled'] as const)(
    'only SAM lanes compile the ascent (%s)',
    (form) => {
      const plain = trainKernelSource(adam, widths, form);
      const sam = trainKernelSource(adam, widths, form, true);
      expect(plain).toContain('// ---- nn/gradient_plain.wgsl');
      expect(plain).not.toContain('network_ascend');
      expect(sam).toContain('// ---- nn/gradient_sam.wgsl');
      expect(sam).toContain('fn network_ascend(');
      expect(sam).toContain('fn network_descend(');
      // the driver's uniform is the same, SAM's settings included
      expect(reflect(sam).uniforms.drv).toEqual(reflect(plain).uniforms.drv);
      const view = makeStructuredView(reflect(plain).uniforms.drv!);
      expect(Object.keys(view.views)).toContain('sam');
    },
  );

  test('the unrolled SAM moves name every parameter by a constant', () => {
    const code = unrolledSam({ widths });
    expect(code).toContain('network_u[36] = x;');
    expect(code).not.toContain('network_u[37]');
    expect(code).not.toMatch(/network_[wgu]\[[a-z]/);
  });

  test('the unrolled network names every parameter by a constant', () => {
    const code = unrolledNetwork({ widths });
    expect(code).toContain('network_w[36]');
    expect(code).not.toContain('network_w[37]');
    expect(code).not.toMatch(/network_w\[[a-z]/);
  });

  test('small networks are unrolled, large ones keep the loops', () => {
    expect(defaultForm([2, 8, 8, 1])).toBe('unrolled');
    expect(defaultForm([2, 32, 32, 1])).toBe('loops');
  });
});
