import wgsl from '../../shaders/objectives/rosenbrock.wgsl?raw';
import type { Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';

interface RosenbrockParams {
  readonly a: number;
  readonly b: number;
}

function valueGrad(x: number, y: number, p: RosenbrockParams): ValueGrad {
  const d = p.a - x;
  const e = y - x * x;
  const be = p.b * e;
  return { value: d * d + be * e, gx: -2 * d - 4 * x * be, gy: 2 * be };
}

function hessian(x: number, y: number, p: RosenbrockParams): Hessian2 {
  return {
    hxx: 2 + 4 * p.b * (3 * x * x - y),
    hxy: -4 * p.b * x,
    hyy: 2 * p.b,
  };
}

/** Rosenbrock (1960): the banana valley. */
export const rosenbrock = landscape({
  id: 'rosenbrock',
  name: 'Rosenbrock',
  summary:
    'A long curved valley with a flat floor: easy to reach, slow to follow, ' +
    'it separates methods that adapt to curvature from those that zig-zag.',
  reference:
    'H. H. Rosenbrock, An Automatic Method for Finding the Greatest or ' +
    'Least Value of a Function, The Computer Journal 3(3), 175-184, 1960.',
  params: {
    a: {
      label: 'a',
      doc: 'The x coordinate of the minimum, which lies at (a, a^2).',
      default: 1,
      min: -10,
      max: 10,
      scale: 'linear',
    },
    b: {
      label: 'b',
      doc: 'Steepness of the valley walls; larger is more ill-conditioned.',
      default: 100,
      min: 0,
      max: 1000,
      minInclusive: false,
      scale: 'log',
    },
  },
  // The stated box [-2, 2] x [-1, 3], widened when a moves the minimum out.
  bounds: (p) => {
    const r = Math.max(2, Math.abs(p.a) + 0.5);
    return [
      [-r, r],
      [-1, Math.max(3, p.a * p.a + 1)],
    ];
  },
  minima: (p) => [
    { x: p.a, y: p.a * p.a, value: 0, label: 'minimum (a, a^2)' },
  ],
  saddles: () => [],
  basinRadius: () => 0.1,
  valueGrad,
  hessian,
  wgsl,
});
