import { describe, expect, test } from 'vitest';
import type { ExperimentSpec } from '../../src/spec/spec';
import {
  DEFAULT_SPEC,
  MAX_QUERY_LENGTH,
  fitSpec,
  specFromQuery,
  specToQuery,
} from '../../src/spec/url';
import { resolveSpec } from '../../src/spec/validate';

/** The resolved JSON of a spec: what the page writes to the address bar. */
const resolved = (s: unknown) => resolveSpec(s).json;

/** Reads a query and asserts the spec validates; returns it and notices. */
function read(query: string, limits = {}) {
  const out = specFromQuery(query, limits);
  expect(() => resolveSpec(out.spec)).not.toThrow();
  return out;
}

const complex: ExperimentSpec = {
  version: 1,
  landscape: { id: 'rosenbrock', params: { a: 1.5, b: 30 } },
  optimizers: [
    { id: 'momentum', hyper: { lr: 0.002, momentum: 0.95 } },
    {
      id: 'adam',
      hyper: { lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-7 },
      schedule: { kind: 'cosine', minFactor: 0.1, warmup: 20 },
      label: 'Adam, (fast): 100% & more #1 <b>',
    },
    {
      id: 'newton',
      schedule: { kind: 'step', every: 50, gamma: 0.5 },
    },
    {
      id: 'gd',
      hyper: { lr: 0.02 },
      gradient: { id: 'sam', hyper: { rho: 0.1 } },
      swa: { start: 100, every: 5 },
    },
  ],
  starts: {
    kind: 'gaussian',
    count: 5000,
    mean: [-1.25, 2.5e-3],
    std: 0.75,
  },
  steps: 1234,
  seed: 4_000_000_000,
  noise: { sigma: 0.03, model: 'hessian' },
  record: { every: 7, trajectories: 100, quantiles: [0.05, 0.5, 0.95] },
  convergence: { gradTol: 1e-5, lossTol: 1e-9 },
  divergence: { escape: 3 },
  basinRadius: 0.05,
  sharpness: { epsilon: 0.1, rho: 0.02 },
};

describe('round trip', () => {
  test.each([
    ['the default spec', DEFAULT_SPEC],
    ['a complex spec', complex],
    [
      'uniform starts with bounds',
      {
        ...DEFAULT_SPEC,
        starts: {
          kind: 'uniform',
          count: 77,
          bounds: [
            [-1, 2],
            [-3.5, 4],
          ],
        },
      },
    ],
    [
      'a list of starts',
      {
        ...DEFAULT_SPEC,
        starts: {
          kind: 'list',
          points: [
            [1, 2],
            [-3, 4.5],
            [1e-7, -2e5],
          ],
        },
        record: { trajectories: 3 },
      },
    ],
  ] as [string, ExperimentSpec][])('%s', (_, spec) => {
    const json = resolved(spec);
    const query = specToQuery(json);
    const back = read(query);
    expect(back.notices).toEqual([]);
    expect(resolved(back.spec)).toEqual(json);
  });

  test('the default link is readable', () => {
    const q = specToQuery(resolved(DEFAULT_SPEC));
    expect(q).toContain('land=himmelblau');
    expect(q).toContain('opt=gd(lr:0.01)');
    expect(q).toContain('opt=adam(lr:0.05,beta1:0.9,beta2:0.999,eps:1e-8)');
    expect(q).toContain('starts=grid(nx:128,ny:128,x0:-5,x1:5,y0:-5,y1:5)');
    expect(q).toContain('steps=400');
    expect(q).toContain('trails=32');
  });

  test('a label keeps any text, encoded as one value', () => {
    const q = specToQuery(resolved(complex));
    expect(q).toContain('label:Adam%2C%20%28fast%29%3A%20100%25%20%26');
    expect(q).not.toContain('<');
    expect(q).not.toContain('#');
  });

  test('an empty query gives the default spec without notices', () => {
    expect(read('')).toEqual({ spec: DEFAULT_SPEC, notices: [] });
    expect(read('?')).toEqual({ spec: DEFAULT_SPEC, notices: [] });
  });

  test('a partial link keeps the defaults of what it leaves out', () => {
    const { spec, notices } = read('?land=rosenbrock&steps=50');
    expect(notices).toEqual([]);
    const r = resolveSpec(spec);
    expect(r.landscape.id).toBe('rosenbrock');
    expect(r.steps).toBe(50);
    expect(r.optimizers.map((o) => o.def.id)).toEqual(['gd', 'adam']);
    // the grid follows the new landscape's bounds
    expect(r.starts).toMatchObject({
      bounds: [
        [-2, 2],
        [-1, 3],
      ],
    });
  });
});

describe('hostile links', () => {
  test('script in a label stays plain text, control characters removed', () => {
    // raw parentheses inside a value are read too
    const label = encodeURIComponent('<script>alert(1)</script>\u0000\n');
    const { spec } = read(`?opt=gd(lr:0.1,label:${label})`);
    expect(spec.optimizers[0]!.label).toBe('<script>alert(1)</script>  ');
  });

  test.each([
    ['steps=1e308', 'steps'],
    ['steps=NaN', 'steps'],
    ['steps=Infinity', 'steps'],
    ['steps=0x10', 'steps'],
    ['steps=12.5', 'steps'],
    ['seed=-1', 'seed'],
    ['noise=1e999', 'noise'],
    ['radius=0', 'radius'],
    ['q=0.5,2', 'q'],
    ['opt=gd(lr:1e308)', 'opt[0].lr'],
    ['opt=gd(lr:-1)', 'opt[0].lr'],
    ['opt=adam(beta1:1)', 'opt[0].beta1'],
    ['opt=gd(lr:%E0%A4%A)', 'opt[0].lr'],
    ['opt=gd(schedule:nope)', 'opt[0].schedule'],
    ['opt=gd(gradient:nope)', 'opt[0].gradient'],
    ['opt=gd(gradient:sam,gradient.rho:-1)', 'opt[0].gradient.rho'],
    ['opt=gd(swa.start:0)', 'opt[0].swa.start'],
    ['sharp=epsilon:1e9', 'sharp.epsilon'],
    ['sharp=zzz:1', 'sharp.zzz'],
    ['noisemodel=loud', 'noisemodel'],
    ['land=himmelblau(zzz:1)', 'land.zzz'],
    ['land=rosenbrock(b:NaN)', 'land.b'],
    ['starts=grid(nx:1e9,ny:1e9)', 'starts.nx'],
    ['starts=grid(nx:100000,ny:100000)', 'starts'],
    ['starts=grid(nx:4,ny:4,x0:5,x1:-5,y0:0,y1:1)', 'starts.bounds'],
    ['starts=spiral(n:3)', 'starts'],
    ['starts=list(a:b)', 'starts'],
  ])('%s is dropped with a notice on %s', (q, field) => {
    const { spec, notices } = read(`?${q}`);
    expect(notices.map((n) => n.field)).toContain(field);
    expect(resolveSpec(spec).steps).toBeLessThanOrEqual(1_000_000);
  });

  test('unknown ids fall back to the defaults', () => {
    const { spec, notices } = read(
      '?land=%3Cimg%20src%3Dx%3E&opt=nosuch(lr:1)&opt=constructor',
    );
    expect(spec.landscape.id).toBe('himmelblau');
    expect(spec.optimizers).toEqual(DEFAULT_SPEC.optimizers);
    expect(notices.map((n) => n.field)).toEqual([
      'land',
      'opt[0]',
      'opt[1]',
      'opt',
    ]);
    expect(notices[0]!.message).toBe('unknown landscape "<img src=x>"');
  });

  test('prototype keys pollute nothing', () => {
    const q =
      '?__proto__=1&constructor=2&opt=gd(__proto__:1,constructor:2,' +
      'toString:3,lr:0.1)&land=himmelblau(__proto__:5)' +
      '&starts=grid(__proto__:1,nx:4,ny:4)';
    const { spec, notices } = read(q);
    expect(spec.optimizers[0]!.hyper).toEqual({ lr: 0.1 });
    expect(Object.getPrototypeOf(spec.optimizers[0]!.hyper)).toBe(
      Object.prototype,
    );
    expect(({} as Record<string, unknown>).lr).toBeUndefined();
    expect(notices.map((n) => n.field)).toEqual(
      expect.arrayContaining([
        '__proto__',
        'constructor',
        'opt[0].__proto__',
        'opt[0].constructor',
        'opt[0].toString',
        'land.__proto__',
        'starts.__proto__',
      ]),
    );
  });

  test('a 100 KB link is ignored as a whole', () => {
    const q = `?steps=10&junk=${'a'.repeat(100_000)}`;
    expect(q.length).toBeGreaterThan(MAX_QUERY_LENGTH);
    const { spec, notices } = read(q);
    expect(spec).toEqual(DEFAULT_SPEC);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.field).toBe('link');
  });

  test('many fields: only the first are read, notices are capped', () => {
    const q = '?' + Array.from({ length: 500 }, (_, i) => `x${i}=1`).join('&');
    const { notices } = read(q);
    expect(notices.length).toBeLessThanOrEqual(40);
  });

  test('notices are short plain text', () => {
    const long = encodeURIComponent('\u0007'.repeat(10) + 'x'.repeat(500));
    const { notices } = read(`?${long}=1&opt=gd(lr:${'9'.repeat(400)})`);
    for (const n of notices) {
      expect(n.field.length).toBeLessThanOrEqual(40);
      expect(n.message.length).toBeLessThanOrEqual(160);
      // eslint-disable-next-line no-control-regex
      expect(n.field + n.message).not.toMatch(/[\u0000-\u001f]/);
    }
  });

  test('fields given twice keep the first', () => {
    const { spec, notices } = read('?steps=10&steps=20');
    expect(spec.steps).toBe(10);
    expect(notices.map((n) => n.field)).toEqual(['steps']);
  });

  test('too many trails for the steps are cut to what fits', () => {
    const { spec, notices } = read('?steps=1000000&trails=100');
    const r = resolveSpec(spec);
    expect(r.trajectories * (r.steps + 1)).toBeLessThanOrEqual(4_194_304);
    expect(notices.map((n) => n.field)).toEqual(['trails']);
  });
});

describe('page limits', () => {
  test('a grid above the limit becomes the largest square that fits', () => {
    const { spec, notices } = read('?starts=grid(nx:256,ny:256)', {
      maxRuns: 4096,
    });
    expect(spec.starts).toEqual({ kind: 'grid', nx: 64, ny: 64 });
    expect(notices.map((n) => n.field)).toEqual(['starts']);
  });

  test('total runs are shared between optimizers', () => {
    const { spec } = fitSpec(
      { ...DEFAULT_SPEC, starts: { kind: 'uniform', count: 10_000 } },
      { maxRuns: 10_000, maxTotalRuns: 10_000 },
    );
    expect(spec.starts).toEqual({ kind: 'grid', nx: 70, ny: 70 });
  });

  test('optimizers beyond the limit are dropped', () => {
    const q = '?' + Array.from({ length: 20 }, () => 'opt=gd').join('&');
    const { spec, notices } = read(q, { maxOptimizers: 8 });
    expect(spec.optimizers).toHaveLength(8);
    expect(notices.filter((n) => n.field === 'opt')).toHaveLength(1);
  });
});
