import { describe, expect, test } from 'vitest';
import { LANDSCAPES, findLandscape } from '../../src/objectives';
import type {
  CriticalPoint,
  Hessian2,
  Landscape,
} from '../../src/objectives/landscape';
import type { ParamSpec, ParamValues } from '../../src/spec/params';
import { checkParam, defaultsOf } from '../../src/spec/params';

/** A value 30% of the way from the default towards the far end of the range. */
function shifted(s: ParamSpec): number {
  const toMax = s.max - s.default >= s.default - s.min;
  const end = toMax ? s.max : s.min;
  if (s.scale === 'log' && s.default > 0 && end > 0) {
    return s.default * (end / s.default) ** 0.3;
  }
  return s.default + 0.3 * (end - s.default);
}

function shiftedParams(l: Landscape): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, s] of Object.entries(l.params)) out[k] = shifted(s);
  return out;
}

/** Each landscape at its defaults and at a second, shifted parameter set. */
const CASES: (readonly [string, Landscape, ParamValues])[] = LANDSCAPES.map(
  (l) => [`${l.id} (defaults)`, l, defaultsOf(l.params)] as const,
);
for (const l of LANDSCAPES) {
  if (Object.keys(l.params).length > 0) {
    CASES.push([`${l.id} (shifted)`, l, shiftedParams(l)] as const);
  }
}

/** Deterministic points inside the bounds (a 31-bit LCG), off the origin. */
function samplePoints(
  l: Landscape,
  p: ParamValues,
  n = 20,
): [number, number][] {
  const [[x0, x1], [y0, y1]] = l.bounds(p);
  let s = 20240601;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 1;
    return s / 2 ** 31;
  };
  const out: [number, number][] = [];
  while (out.length < n) {
    const x = x0 + (x1 - x0) * next();
    const y = y0 + (y1 - y0) * next();
    // Ackley's funnel is a cone at the origin: no derivative to compare.
    if (Math.hypot(x, y) > 1e-2) out.push([x, y]);
  }
  return out;
}

/*
 * Central differences with step h = 1e-6 max(1, |x|). Their error is the
 * truncation h^2 |f'''| / 6 <= 1e-12 |f'''|, covered by the relative part
 * of the tolerance, plus the rounding eps |f| / h ~ 2.2e-10 |f| times the
 * cancellation inside the formula (Goldstein-Price, whose terms reach 1e7,
 * measures about 1e-8 (1 + |f|)). atol = 1e-7 (1 + |f| + |grad f|) leaves a
 * tenfold margin above that, while a wrong term or coefficient is off by
 * a sizeable fraction of the derivative itself.
 */
const RTOL = 1e-6;
const ATOL = 1e-7;

function step(v: number): number {
  return 1e-6 * Math.max(1, Math.abs(v));
}

function hmax(h: Hessian2): number {
  return Math.max(Math.abs(h.hxx), Math.abs(h.hxy), Math.abs(h.hyy));
}

function det(h: Hessian2): number {
  return h.hxx * h.hyy - h.hxy * h.hxy;
}

describe('analytic derivatives match finite differences', () => {
  test.each(CASES)('%s: gradient of the value', (_name, l, p) => {
    for (const [x, y] of samplePoints(l, p)) {
      const hx = step(x);
      const hy = step(y);
      const v = l.valueGrad(x, y, p);
      const fdx =
        (l.valueGrad(x + hx, y, p).value - l.valueGrad(x - hx, y, p).value) /
        (2 * hx);
      const fdy =
        (l.valueGrad(x, y + hy, p).value - l.valueGrad(x, y - hy, p).value) /
        (2 * hy);
      const atol = ATOL * (1 + Math.abs(v.value) + Math.hypot(v.gx, v.gy));
      expect(Math.abs(v.gx - fdx), `gx at (${x}, ${y})`).toBeLessThanOrEqual(
        atol + RTOL * Math.abs(fdx),
      );
      expect(Math.abs(v.gy - fdy), `gy at (${x}, ${y})`).toBeLessThanOrEqual(
        atol + RTOL * Math.abs(fdy),
      );
    }
  });

  test.each(CASES)('%s: Hessian of the gradient', (_name, l, p) => {
    for (const [x, y] of samplePoints(l, p)) {
      const hx = step(x);
      const hy = step(y);
      const v = l.valueGrad(x, y, p);
      const h = l.hessian(x, y, p);
      const xp = l.valueGrad(x + hx, y, p);
      const xm = l.valueGrad(x - hx, y, p);
      const yp = l.valueGrad(x, y + hy, p);
      const ym = l.valueGrad(x, y - hy, p);
      const fd = {
        hxx: (xp.gx - xm.gx) / (2 * hx),
        hxy: (yp.gx - ym.gx) / (2 * hy),
        hyx: (xp.gy - xm.gy) / (2 * hx),
        hyy: (yp.gy - ym.gy) / (2 * hy),
      };
      const atol = ATOL * (1 + Math.abs(v.value) + Math.hypot(v.gx, v.gy));
      const pairs: [string, number, number][] = [
        ['hxx', h.hxx, fd.hxx],
        ['hxy', h.hxy, fd.hxy],
        ['hxy (from gy)', h.hxy, fd.hyx],
        ['hyy', h.hyy, fd.hyy],
      ];
      for (const [name, a, b] of pairs) {
        expect(Math.abs(a - b), `${name} at (${x}, ${y})`).toBeLessThanOrEqual(
          atol + RTOL * Math.abs(b),
        );
      }
    }
  });
});

/** The gradient is zero up to rounding, relative to the point's scale. */
function expectStationary(l: Landscape, p: ParamValues, c: CriticalPoint) {
  const v = l.valueGrad(c.x, c.y, p);
  const h = l.hessian(c.x, c.y, p);
  const scale = Math.max(
    1,
    Math.abs(v.value),
    hmax(h) * (1 + Math.abs(c.x) + Math.abs(c.y)),
  );
  expect(Math.hypot(v.gx, v.gy), `gradient at ${c.label}`).toBeLessThan(
    1e-8 * scale,
  );
  expect(c.value, `value at ${c.label}`).toBeCloseTo(v.value, 12);
  expect(Number.isFinite(c.x) && Number.isFinite(c.y)).toBe(true);
}

describe('listed critical points', () => {
  test.each(CASES)(
    '%s: minima are stationary with a positive definite Hessian',
    (_name, l, p) => {
      const minima = l.minima(p);
      expect(minima.length).toBeGreaterThan(0);
      for (const m of minima) {
        expectStationary(l, p, m);
        const h = l.hessian(m.x, m.y, p);
        expect(h.hxx, `hxx at ${m.label}`).toBeGreaterThan(0);
        expect(det(h), `det H at ${m.label}`).toBeGreaterThan(0);
        expect(m.label.length).toBeGreaterThan(0);
      }
    },
  );

  test.each(CASES)(
    '%s: saddles are stationary with an indefinite Hessian (maxima: negative definite)',
    (_name, l, p) => {
      for (const s of l.saddles(p)) {
        expectStationary(l, p, s);
        const h = l.hessian(s.x, s.y, p);
        if (s.label.startsWith('maximum')) {
          expect(h.hxx, `hxx at ${s.label}`).toBeLessThan(0);
          expect(det(h), `det H at ${s.label}`).toBeGreaterThan(0);
        } else {
          expect(det(h), `det H at ${s.label}`).toBeLessThan(0);
        }
      }
    },
  );

  test.each(CASES)(
    '%s: minima lie farther apart than two basin radii',
    (_name, l, p) => {
      const r = l.basinRadius(p);
      expect(r).toBeGreaterThan(0);
      const m = l.minima(p);
      for (let i = 0; i < m.length; i++) {
        for (let j = i + 1; j < m.length; j++) {
          const a = m[i]!;
          const b = m[j]!;
          expect(
            Math.hypot(a.x - b.x, a.y - b.y),
            `${a.label} to ${b.label}`,
          ).toBeGreaterThan(2 * r);
        }
      }
    },
  );

  test.each(CASES)(
    '%s: the first minimum listed is the lowest',
    (_name, l, p) => {
      const [first, ...rest] = l.minima(p);
      for (const m of rest) {
        expect(first!.value).toBeLessThanOrEqual(
          m.value + 1e-12 * (1 + Math.abs(m.value)),
        );
      }
    },
  );

  test.each(CASES)('%s: bounds are a non-empty box', (_name, l, p) => {
    const [[x0, x1], [y0, y1]] = l.bounds(p);
    expect(x0).toBeLessThan(x1);
    expect(y0).toBeLessThan(y1);
  });
});

describe('parameters', () => {
  test.each(LANDSCAPES.map((l) => [l.id, l] as const))(
    '%s: defaults and the shifted test values are inside their ranges',
    (_id, l) => {
      const shiftedValues = shiftedParams(l);
      for (const [name, s] of Object.entries(l.params)) {
        expect(checkParam(s, s.default), `${name} default`).toBeNull();
        expect(
          checkParam(s, shiftedValues[name]),
          `${name} shifted`,
        ).toBeNull();
        expect(s.label.length).toBeGreaterThan(0);
        expect(s.doc.length).toBeGreaterThan(0);
      }
    },
  );
});

describe('the global minimum is where the literature puts it', () => {
  const known: [string, number, number, number][] = [
    ['quadratic', 0, 0, 0],
    ['rosenbrock', 1, 1, 0],
    ['himmelblau', 3, 2, 0],
    ['rastrigin', 0, 0, 0],
    ['ackley', 0, 0, 0],
    ['beale', 3, 0.5, 0],
    ['booth', 1, 3, 0],
    ['goldstein-price', 0, -1, 3],
    ['six-hump-camel', 0.0898, -0.7126, -1.0316],
    ['three-hump-camel', 0, 0, 0],
    ['styblinski-tang', -2.903534, -2.903534, -78.33233],
    ['matyas', 0, 0, 0],
    ['levy', 1, 1, 0],
  ];
  test.each(known)('%s: global minimum (%f, %f) of value %f', (id, x, y, v) => {
    const l = findLandscape(id)!;
    const g = l.minima(defaultsOf(l.params))[0]!;
    expect(Math.abs(g.x - x)).toBeLessThan(1e-4);
    expect(Math.abs(g.y - y)).toBeLessThan(1e-4);
    expect(Math.abs(g.value - v)).toBeLessThan(1e-4);
  });

  test('every landscape of the brief is registered, in menu order', () => {
    expect(LANDSCAPES.map((l) => l.id)).toEqual([
      'quadratic',
      'saddle',
      'rosenbrock',
      'himmelblau',
      'rastrigin',
      'ackley',
      'beale',
      'booth',
      'goldstein-price',
      'six-hump-camel',
      'three-hump-camel',
      'styblinski-tang',
      'matyas',
      'levy',
      'two-wells',
    ]);
  });
});

describe('landscape specifics', () => {
  test('quadratic: curvature is exactly scale along the rotated u axis and scale / kappa across it', () => {
    const l = findLandscape('quadratic')!;
    for (const p of [
      { kappa: 10, angle: 30, scale: 1 },
      { kappa: 1e4, angle: -75, scale: 40 },
      { kappa: 1, angle: 90, scale: 0.5 },
    ]) {
      const h = l.hessian(0.3, -0.7, p);
      const t = (p.angle * Math.PI) / 180;
      const [c, s] = [Math.cos(t), Math.sin(t)];
      // H u = scale u and H v = (scale / kappa) v.
      expect(h.hxx * c + h.hxy * s).toBeCloseTo(p.scale * c, 12);
      expect(h.hxy * c + h.hyy * s).toBeCloseTo(p.scale * s, 12);
      const l2 = p.scale / p.kappa;
      expect(-h.hxx * s + h.hxy * c).toBeCloseTo(-l2 * s, 12);
      expect(-h.hxy * s + h.hyy * c).toBeCloseTo(l2 * c, 12);
    }
  });

  test('saddle: minima at (0, +-sqrt(b/c)) of value -b^2/(4c), saddle at the origin', () => {
    const l = findLandscape('saddle')!;
    const p = { a: 2, b: 3, c: 0.5 };
    const m = l.minima(p);
    expect(m.map((q) => q.y).sort()).toEqual(
      [-Math.sqrt(6), Math.sqrt(6)].sort(),
    );
    for (const q of m) {
      expect(q.x).toBe(0);
      expect(q.value).toBeCloseTo(-9 / 2, 12);
    }
    expect(l.saddles(p)).toMatchObject([{ x: 0, y: 0, value: 0 }]);
  });

  test('rastrigin: the 121 integer-lattice minima at A = 10, only the origin at A = 0', () => {
    const l = findLandscape('rastrigin')!;
    expect(l.minima({ A: 10 })).toHaveLength(121);
    expect(l.minima({ A: 0 })).toMatchObject([{ x: 0, y: 0, value: 0 }]);
  });

  test('ackley: the origin has a finite gradient (0) and Hessian although the funnel is a cone there', () => {
    const l = findLandscape('ackley')!;
    const p = defaultsOf(l.params);
    const v = l.valueGrad(0, 0, p);
    expect(v).toEqual({ value: 0, gx: 0, gy: 0 });
    const h = l.hessian(0, 0, p);
    expect(Number.isFinite(h.hxx + h.hxy + h.hyy)).toBe(true);
    expect(l.minima(p)).toHaveLength(81);
    // Away from the origin the funnel pulls towards it.
    const near = l.valueGrad(1e-9, 0, p);
    expect(near.gx).toBeGreaterThan(0);
  });

  test('goldstein-price: four minima of values 3, 30, 84 and 840', () => {
    const l = findLandscape('goldstein-price')!;
    const values = l.minima({}).map((m) => m.value);
    [3, 30, 84, 840].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 9));
  });

  test('styblinski-tang: the four minima are the corners of -2.903534 and 2.746803', () => {
    const l = findLandscape('styblinski-tang')!;
    const m = l.minima({});
    expect(m).toHaveLength(4);
    for (const q of m) {
      for (const c of [q.x, q.y]) {
        expect(
          Math.min(Math.abs(c + 2.903534), Math.abs(c - 2.746803)),
        ).toBeLessThan(1e-6);
      }
    }
  });

  test('two-wells: the deep narrow well is global, the wide shallow one local, a saddle between', () => {
    const l = findLandscape('two-wells')!;
    const p = defaultsOf(l.params);
    const [deep, wide, ...more] = l.minima(p);
    expect(more).toHaveLength(0);
    expect(deep!.label).toBe('deep narrow');
    expect(wide!.label).toBe('wide shallow');
    expect(deep!.x).toBeCloseTo(-1.5, 1);
    expect(wide!.x).toBeCloseTo(1.5, 0);
    expect(deep!.y).toBe(0);
    // Sharp against flat: the deep well's curvature is many times larger.
    const hd = l.hessian(deep!.x, deep!.y, p);
    const hw = l.hessian(wide!.x, wide!.y, p);
    expect(hd.hxx).toBeGreaterThan(10 * hw.hxx);
    const [s, ...rest] = l.saddles(p);
    expect(rest).toHaveLength(0);
    expect(s!.x).toBeGreaterThan(deep!.x);
    expect(s!.x).toBeLessThan(wide!.x);
    expect(s!.value).toBeGreaterThan(wide!.value);
  });
});

describe('WGSL modules follow the house rules', () => {
  test.each(LANDSCAPES.map((l) => [l.id, l] as const))(
    '%s: no preprocessor character, prefixed helpers, documented fields',
    (id, l) => {
      expect(l.wgsl).not.toContain('#');
      const prefix = id.replace(/-/g, '_');
      for (const m of l.wgsl.matchAll(/\bfn\s+(\w+)/g)) {
        const name = m[1]!;
        if (name === 'landscape_value_grad' || name === 'landscape_hessian') {
          continue;
        }
        expect(name.startsWith(`${prefix}_`), name).toBe(true);
      }
      for (const m of l.wgsl.matchAll(/^\s*(?:const|override|var)\s+(\w+)/gm)) {
        expect(m[1]!.toLowerCase().startsWith(`${prefix}_`), m[1]).toBe(true);
      }
      const body = /struct LandscapeParams \{([^}]*)\}/.exec(l.wgsl)?.[1] ?? '';
      const fields = body.split('\n').filter((s) => s.includes(':'));
      expect(fields.length).toBeGreaterThan(0);
      for (const f of fields) {
        expect(f, 'field with a trailing comment').toMatch(
          /^\s*\w+: f32, \/\/ \S/,
        );
      }
    },
  );
});
