import { describe, expect, test } from 'vitest';
import type { Hessian2 } from '../../src/objectives/landscape';
import { findOptimizer, OPTIMIZERS } from '../../src/optimizers';
import type {
  Optimizer,
  SlotValues,
  StepConstants,
} from '../../src/optimizers/optimizer';
import { nadamMuProduct } from '../../src/optimizers/nadam';
import { radamRectification } from '../../src/optimizers/radam';
import { checkParam } from '../../src/spec/params';

type Vec2 = [number, number];

/** A 2D objective with its gradient and Hessian. */
interface Problem {
  f(p: Vec2): number;
  grad(p: Vec2): Vec2;
  hessian(p: Vec2): Hessian2;
}

/** f = 0.5 (x^2 + 10 y^2): an ill-conditioned bowl with its minimum at 0. */
const bowl: Problem = {
  f: ([x, y]) => 0.5 * (x * x + 10 * y * y),
  grad: ([x, y]) => [x, 10 * y],
  hessian: () => ({ hxx: 1, hxy: 0, hyy: 10 }),
};

/** f = x^2 - y^2: a saddle at the origin. */
const saddle: Problem = {
  f: ([x, y]) => x * x - y * y,
  grad: ([x, y]) => [2 * x, -2 * y],
  hessian: () => ({ hxx: 2, hxy: 0, hyy: -2 }),
};

function optimizer(id: string): Optimizer {
  const o = findOptimizer(id);
  if (!o) throw new Error(`no optimizer ${id}`);
  return o;
}

function hyperOf(
  o: Optimizer,
  overrides: Record<string, number> = {},
): Record<string, number> {
  const h: Record<string, number> = {};
  for (const [k, p] of Object.entries(o.hyper)) h[k] = p.default;
  return { ...h, ...overrides };
}

function initialState(o: Optimizer): SlotValues {
  const s: SlotValues = {};
  for (const slot of o.state) s[slot] = o.initialState?.[slot] ?? 0;
  return s;
}

/** A run of one optimizer through its Float64 twin, as the kernel does it. */
class Run {
  readonly s: [SlotValues, SlotValues];
  t = 0;

  constructor(
    readonly o: Optimizer,
    readonly h: Record<string, number>,
    public p: Vec2,
  ) {
    this.s = [initialState(o), initialState(o)];
  }

  /** Takes one step on the problem; returns the constants used. */
  step(problem: Problem): StepConstants {
    this.t += 1;
    const c = this.o.consts(this.h, { t: this.t, lr: this.h.lr ?? NaN });
    const g = problem.grad(this.p);
    if (this.o.kind === 'vector2') {
      this.p = this.o.update2(this.p, g, problem.hessian(this.p), this.s, c);
    } else {
      this.p = [
        this.o.update(this.p[0], g[0], this.s[0], c),
        this.o.update(this.p[1], g[1], this.s[1], c),
      ];
    }
    return c;
  }
}

/** A learning rate that suits each optimizer on the bowl. */
const BOWL_LR: Record<string, number> = {
  gd: 0.05,
  momentum: 0.01,
  nesterov: 0.01,
  signsgd: 0.02,
  adagrad: 0.5,
  rmsprop: 0.02,
  'rmsprop-centered': 0.02,
  adadelta: 1,
  adam: 0.05,
  'adam-no-bc': 0.05,
  adamw: 0.05,
  amsgrad: 0.05,
  adamax: 0.05,
  nadam: 0.05,
  radam: 0.05,
  adabelief: 0.05,
  lion: 0.02,
  newton: 1,
  'newton-diag': 1,
};

describe('every optimizer descends a quadratic bowl', () => {
  test('every optimizer has a bowl learning rate', () => {
    expect(Object.keys(BOWL_LR).sort()).toEqual(
      OPTIMIZERS.map((o) => o.id).sort(),
    );
  });

  test.each(OPTIMIZERS.map((o) => [o.id, o] as const))(
    '%s lowers f = 0.5 (x^2 + 10 y^2) from (3, -2) in 200 steps',
    (id, o) => {
      const run = new Run(o, hyperOf(o, { lr: BOWL_LR[id] ?? NaN }), [3, -2]);
      const f0 = bowl.f(run.p);
      for (let i = 0; i < 200; i++) run.step(bowl);
      const f = bowl.f(run.p);
      expect(Number.isFinite(f)).toBe(true);
      expect(f).toBeLessThan(0.5 * f0);
    },
  );
});

/** One step from p on the problem with these hyperparameter overrides. */
function firstStep(
  id: string,
  problem: Problem,
  p: Vec2,
  overrides: Record<string, number> = {},
): Vec2 {
  const run = new Run(optimizer(id), hyperOf(optimizer(id), overrides), p);
  run.step(problem);
  return run.p;
}

describe('first steps match hand-computed values', () => {
  test('Adam moves each coordinate by lr * sign(g), up to eps', () => {
    const lr = 0.1;
    const eps = 1e-8;
    const [x, y] = firstStep('adam', bowl, [3, -2], { lr, eps });
    // g = (3, -20): the step is lr * g / (|g| + eps).
    expect(Math.abs(x - (3 - lr))).toBeLessThanOrEqual((lr * eps) / 3 + 1e-15);
    expect(Math.abs(y - (-2 + lr))).toBeLessThanOrEqual(
      (lr * eps) / 20 + 1e-15,
    );
  });

  test('signSGD moves each coordinate by exactly lr', () => {
    expect(firstStep('signsgd', bowl, [3, -2], { lr: 0.25 })).toEqual([
      2.75, -1.75,
    ]);
  });

  test('signSGD does not move a coordinate whose gradient is 0', () => {
    expect(firstStep('signsgd', bowl, [0, -2], { lr: 0.25 })).toEqual([
      0, -1.75,
    ]);
  });

  test('Adagrad first step is lr * g / (|g| + eps)', () => {
    const lr = 0.5;
    const eps = 1e-10;
    const [x, y] = firstStep('adagrad', bowl, [3, -2], { lr, eps });
    expect(x).toBeCloseTo(3 - (lr * 3) / (3 + eps), 14);
    expect(y).toBeCloseTo(-2 + (lr * 20) / (20 + eps), 14);
  });

  test('momentum with mu = 0 is gradient descent', () => {
    const p: Vec2 = [3, -2];
    const gd = firstStep('gd', bowl, p, { lr: 0.05 });
    expect(firstStep('momentum', bowl, p, { lr: 0.05, momentum: 0 })).toEqual(
      gd,
    );
    expect(firstStep('nesterov', bowl, p, { lr: 0.05, momentum: 0 })).toEqual(
      gd,
    );
  });

  test('Nesterov first step is lr * (1 + mu) * g', () => {
    const [x] = firstStep('nesterov', bowl, [3, -2], { lr: 0.01 });
    expect(x).toBeCloseTo(3 - 0.01 * 1.9 * 3, 14);
  });
});

/** f = 0.5 p^T A p - b^T p, with its minimum A^-1 b. */
function quadratic(hxx: number, hxy: number, hyy: number, b: Vec2) {
  const problem: Problem = {
    f: ([x, y]) =>
      0.5 * (hxx * x * x + 2 * hxy * x * y + hyy * y * y) - b[0] * x - b[1] * y,
    grad: ([x, y]) => [hxx * x + hxy * y - b[0], hxy * x + hyy * y - b[1]],
    hessian: () => ({ hxx, hxy, hyy }),
  };
  const det = hxx * hyy - hxy * hxy;
  const min: Vec2 = [
    (hyy * b[0] - hxy * b[1]) / det,
    (hxx * b[1] - hxy * b[0]) / det,
  ];
  return { problem, min };
}

describe('Newton', () => {
  test.each([
    ['the bowl', 1, 0, 10, [0, 0]],
    ['a rotated quadratic', 3, 1, 2, [1, -2]],
    ['an isotropic quadratic', 2, 0, 2, [1, 1]],
    ['a tilted quadratic with hxy > hxx', 1, 2, 5, [0.5, 3]],
  ] as const)(
    'with damping 0 and lr 1 lands on the minimum of %s in one step',
    (_name, hxx, hxy, hyy, b) => {
      const { problem, min } = quadratic(hxx, hxy, hyy, [b[0], b[1]]);
      const [x, y] = firstStep('newton', problem, [3, -2], {
        damping: 0,
        maxStep: 1e3,
      });
      expect(x).toBeCloseTo(min[0], 12);
      expect(y).toBeCloseTo(min[1], 12);
    },
  );

  test('saddle-free Newton moves away from a saddle along y, lowering f', () => {
    const p0: Vec2 = [0.5, 0.1];
    const p1 = firstStep('newton', saddle, p0);
    expect(Math.abs(p1[1])).toBeGreaterThan(Math.abs(p0[1]));
    expect(Math.abs(p1[0])).toBeLessThan(Math.abs(p0[0]));
    expect(saddle.f(p1)).toBeLessThan(saddle.f(p0));
  });

  test('saddle-free Newton flips negative curvature: step g / |lambda|', () => {
    // H = diag(2, -2), damping 0: the step is (gx / 2, gy / 2).
    const [x, y] = firstStep('newton', saddle, [0.5, 0.1], { damping: 0 });
    expect(x).toBeCloseTo(0, 14);
    expect(y).toBeCloseTo(0.2, 14);
  });

  test('a step longer than maxStep is shortened to maxStep', () => {
    const p0: Vec2 = [3, -2];
    const p1 = firstStep('newton', bowl, p0, { damping: 0, maxStep: 0.5 });
    const len = Math.hypot(p1[0] - p0[0], p1[1] - p0[1]);
    expect(len).toBeCloseTo(0.5, 14);
    // Still along the Newton direction, towards the minimum at 0.
    expect((p1[0] - p0[0]) / (p1[1] - p0[1])).toBeCloseTo(3 / -2, 12);
  });

  test.each(['newton', 'newton-diag'])(
    '%s stays finite on a flat landscape (zero Hessian)',
    (id) => {
      const flat: Problem = {
        f: ([x]) => x,
        grad: () => [1, 0],
        hessian: () => ({ hxx: 0, hxy: 0, hyy: 0 }),
      };
      const p1 = firstStep(id, flat, [0, 0]);
      const o = optimizer(id);
      expect(p1[0]).toBeCloseTo(-(o.hyper.maxStep?.default ?? NaN), 12);
      expect(p1[1]).toBe(0);
    },
  );

  test('diagonal Newton divides each coordinate by |h_ii| + damping', () => {
    const [x, y] = firstStep('newton-diag', saddle, [0.5, 0.1], {
      damping: 0.5,
      maxStep: 1e3,
    });
    expect(x).toBeCloseTo(0.5 - 1 / 2.5, 14);
    expect(y).toBeCloseTo(0.1 + 0.2 / 2.5, 14);
  });
});

describe('RAdam', () => {
  test('its first five steps (rho_t <= 5) are un-adapted momentum', () => {
    const o = optimizer('radam');
    const lr = 0.05;
    const run = new Run(o, hyperOf(o, { lr }), [3, -2]);
    const beta1 = 0.9;
    const m: Vec2 = [0, 0];
    for (let t = 1; t <= 5; t++) {
      const g = bowl.grad(run.p);
      const before = run.p;
      const c = run.step(bowl);
      expect(c.adaptive).toBe(0);
      for (const i of [0, 1] as const) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        const mHat = m[i] / (1 - beta1 ** t);
        expect(run.p[i]).toBeCloseTo(before[i] - lr * mHat, 14);
      }
    }
    expect(run.step(bowl).adaptive).toBe(1);
  });

  test('rho_t grows past 5 at step 6 and r_t tends to 1', () => {
    expect(radamRectification(0.999, 5).adaptive).toBe(false);
    const six = radamRectification(0.999, 6);
    expect(six.adaptive).toBe(true);
    expect(six.rect).toBeGreaterThan(0);
    expect(six.rect).toBeLessThan(1);
    expect(radamRectification(0.999, 1e6).rect).toBeCloseTo(1, 6);
  });
});

describe('AMSGrad', () => {
  test('v_max never decreases while v does', () => {
    const o = optimizer('amsgrad');
    const run = new Run(o, hyperOf(o, { lr: 0.05 }), [3, -2]);
    let vDecreased = false;
    for (let i = 0; i < 300; i++) {
      const before = run.s.map((s) => ({ ...s }));
      run.step(bowl);
      for (const k of [0, 1] as const) {
        const s = run.s[k];
        const b = before[k];
        if (!b) throw new Error('missing state');
        expect(s.v_max).toBeGreaterThanOrEqual(b.v_max ?? NaN);
        expect(s.v_max).toBeGreaterThanOrEqual(s.v ?? NaN);
        if ((s.v ?? 0) < (b.v ?? 0)) vDecreased = true;
      }
    }
    expect(vDecreased).toBe(true);
  });
});

describe('hyperparameters', () => {
  const all = OPTIMIZERS.flatMap((o) =>
    Object.entries(o.hyper).map(([name, p]) => [o.id, name, p] as const),
  );

  test.each(all)('%s.%s default lies in its range', (_id, _name, p) => {
    expect(p.min).toBeLessThanOrEqual(p.max);
    expect(checkParam(p, p.default)).toBeNull();
  });

  test.each(OPTIMIZERS.map((o) => [o.id, o] as const))(
    '%s has a learning rate and finite constants at its defaults',
    (_id, o) => {
      expect(o.hyper.lr).toBeDefined();
      const h = hyperOf(o);
      for (const t of [1, 2, 10, 1000]) {
        const c = o.consts(h, { t, lr: h.lr ?? NaN });
        for (const v of Object.values(c)) expect(Number.isFinite(v)).toBe(true);
      }
    },
  );
});

describe('variants agree where they should', () => {
  test("Adam's and AdamW's updates are equal when wd = 0", () => {
    const a = new Run(optimizer('adam'), hyperOf(optimizer('adam')), [3, -2]);
    const w = new Run(
      optimizer('adamw'),
      hyperOf(optimizer('adamw'), { wd: 0 }),
      [3, -2],
    );
    for (let i = 0; i < 50; i++) {
      a.step(bowl);
      w.step(bowl);
      expect(w.p).toEqual(a.p);
    }
  });

  test('signSGD with momentum 0 follows sign(g) at every step', () => {
    const run = new Run(
      optimizer('signsgd'),
      { lr: 0.01, momentum: 0 },
      [3, -2],
    );
    for (let i = 0; i < 20; i++) {
      const g = bowl.grad(run.p);
      const before = run.p;
      run.step(bowl);
      expect(run.p[0]).toBe(before[0] - 0.01 * Math.sign(g[0]));
      expect(run.p[1]).toBe(before[1] - 0.01 * Math.sign(g[1]));
    }
  });

  test('the NAdam momentum product is the same cached or not', () => {
    const direct = (beta1: number, psi: number, t: number) => {
      let p = 1;
      for (let i = 1; i <= t; i++) p *= beta1 * (1 - 0.5 * 0.96 ** (i * psi));
      return p;
    };
    expect(nadamMuProduct(0.9, 4e-3, 10)).toBe(direct(0.9, 4e-3, 10));
    expect(nadamMuProduct(0.8, 4e-3, 7)).toBe(direct(0.8, 4e-3, 7));
    expect(nadamMuProduct(0.8, 4e-3, 3)).toBe(direct(0.8, 4e-3, 3));
    expect(nadamMuProduct(0.9, 1e-2, 20)).toBe(direct(0.9, 1e-2, 20));
  });
});

describe('Lion', () => {
  test('moves each coordinate by exactly lr when wd = 0', () => {
    const lr = 0.01;
    const run = new Run(
      optimizer('lion'),
      hyperOf(optimizer('lion'), { lr }),
      [3, -2],
    );
    for (let i = 0; i < 50; i++) {
      const before = run.p;
      run.step(bowl);
      // The momentum blend is nonzero here: the gradient never is.
      for (const k of [0, 1] as const) {
        expect(Math.abs(run.p[k] - before[k])).toBeCloseTo(lr, 14);
      }
    }
  });
});

describe('optimizer WGSL modules are safe to concatenate', () => {
  test.each(OPTIMIZERS.map((o) => [o.id, o] as const))(
    '%s has no preprocessor character and prefixes its helpers',
    (id, o) => {
      expect(o.wgsl).not.toContain('#');
      const prefix = id.replace(/-/g, '_');
      const helpers = [
        ...o.wgsl.matchAll(/^(?:fn|const|var|override|alias)\s+(\w+)/gm),
      ].map((m) => m[1] ?? '');
      for (const name of helpers) {
        if (name === 'opt_update' || name === 'opt_update2') continue;
        expect(name.startsWith(`${prefix}_`)).toBe(true);
      }
    },
  );
});
