import wgsl from '../../shaders/objectives/ackley.wgsl?raw';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';
import { refineAll } from './stationary';

interface AckleyParams {
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

/*
 * f = a (1 - exp(-k r)) + e (1 - exp(-w)), r = |p|, k = b sqrt(1/2),
 * w = sin^2(c x / 2) + sin^2(c y / 2): the standard Ackley function
 * rewritten so that it is exactly 0 at the origin in f32 too. At the
 * origin the funnel is a cone: its gradient is taken as 0 (a subgradient)
 * and its Hessian, unbounded in truth, as 0, leaving the ripple term's.
 *
 * The ripple terms use sin(c x / 2) and cos(c x / 2) only through squares
 * and products of the two, which a common sign flip leaves alone, so the
 * angle is reduced to [-pi/2, pi/2] by whole half-turns first: WGSL only
 * bounds the error of sin and cos inside [-pi, pi].
 */

const INV_TWO_PI = 1 / (2 * Math.PI);

/** sin and cos of c v / 2, both up to the same sign. */
function halfAngle(v: number, c: number): [number, number] {
  const q = c * INV_TWO_PI * v;
  const t = Math.PI * (q - Math.round(q));
  return [Math.sin(t), Math.cos(t)];
}

function valueGrad(x: number, y: number, p: AckleyParams): ValueGrad {
  const k = p.b * Math.SQRT1_2;
  const r = Math.hypot(x, y);
  const invR = r > 0 ? 1 / r : 0;
  const funnel = p.a * Math.exp(-k * r);
  const [shx, chx] = halfAngle(x, p.c);
  const [shy, chy] = halfAngle(y, p.c);
  const ripple = Math.E * Math.exp(-(shx * shx + shy * shy));
  const gr = k * funnel * invR;
  const gs = p.c * ripple;
  return {
    value: p.a - funnel + (Math.E - ripple),
    gx: gr * x + gs * shx * chx,
    gy: gr * y + gs * shy * chy,
  };
}

function hessian(x: number, y: number, p: AckleyParams): Hessian2 {
  const k = p.b * Math.SQRT1_2;
  const r = Math.hypot(x, y);
  const invR = r > 0 ? 1 / r : 0;
  const funnel = p.a * Math.exp(-k * r);
  // Radial first and second derivatives of the funnel, and the unit vector.
  const d1 = k * funnel;
  const d2 = -k * d1;
  const ux = x * invR;
  const uy = y * invR;
  const d1r = d1 * invR;
  const [shx, chx] = halfAngle(x, p.c);
  const [shy, chy] = halfAngle(y, p.c);
  const ripple = Math.E * Math.exp(-(shx * shx + shy * shy));
  const cc = p.c * p.c * ripple;
  const scx = shx * chx;
  const scy = shy * chy;
  return {
    hxx:
      d2 * ux * ux +
      d1r * uy * uy +
      cc * (0.5 * (chx * chx - shx * shx) - scx * scx),
    hxy: (d2 - d1r) * ux * uy - cc * scx * scy,
    hyy:
      d2 * uy * uy +
      d1r * ux * ux +
      cc * (0.5 * (chy * chy - shy * shy) - scy * scy),
  };
}

/** A coordinate with at most two decimals, for labels. */
const short = (v: number) => String(Number(v.toFixed(2)));

/** Ackley (1987): a needle-like funnel under regular ripples. */
export const ackley = landscape({
  id: 'ackley',
  name: 'Ackley',
  summary:
    'A nearly flat, rippled plateau around a sharp funnel: gradients far ' +
    'from the centre say little about where the global minimum is, so ' +
    'local methods stop in the ripples.',
  reference:
    'D. H. Ackley, A Connectionist Machine for Genetic Hillclimbing, ' +
    'Kluwer, 1987; S. Surjanovic, D. Bingham, Virtual Library of ' +
    'Simulation Experiments: Test Functions and Datasets (Ackley Function).',
  params: {
    a: {
      label: 'funnel depth a',
      doc: 'Depth of the exponential funnel towards the origin.',
      default: 20,
      min: 0,
      max: 50,
      scale: 'linear',
    },
    b: {
      label: 'funnel decay b',
      doc: 'How fast the funnel flattens with distance from the origin.',
      default: 0.2,
      min: 0,
      max: 1,
      minInclusive: false,
      scale: 'linear',
    },
    c: {
      label: 'ripple frequency c',
      doc: 'Angular frequency of the ripples; 2 pi puts one per unit.',
      default: 2 * Math.PI,
      min: 0,
      max: 10,
      minInclusive: false,
      scale: 'linear',
    },
  },
  bounds: () => [
    [-5, 5],
    [-5, 5],
  ],
  // Seeds on the ripple lattice (spacing 2 pi / c: the integer points for
  // the default c) inside [-4, 4]^2; ripples the funnel overwhelms are
  // dropped.
  minima: (p) => {
    const spacing = (2 * Math.PI) / p.c;
    const n = Math.floor(4 / spacing + 1e-9);
    const seeds: [number, number, string][] = [[0, 0, 'global (0, 0)']];
    for (let i = -n; i <= n; i++) {
      for (let j = -n; j <= n; j++) {
        if (i !== 0 || j !== 0) {
          const x = i * spacing;
          const y = j * spacing;
          seeds.push([x, y, `local near (${short(x)}, ${short(y)})`]);
        }
      }
    }
    return refineAll(
      (x, y) => valueGrad(x, y, p),
      (x, y) => hessian(x, y, p),
      seeds,
      'minimum',
      0.5 * spacing,
    );
  },
  saddles: () => [],
  basinRadius: (p) => Math.min(0.2 * ((2 * Math.PI) / p.c), 0.5),
  valueGrad,
  hessian,
  wgsl,
});
