import wgsl from '../../shaders/optimizers/momentum.wgsl?raw';
import { coordinateOptimizer, lrParam } from './optimizer';

const hyper = {
  lr: lrParam(1e-2),
  momentum: {
    label: 'momentum',
    doc: 'Fraction of the velocity kept from one step to the next.',
    default: 0.9,
    min: 0,
    max: 1,
    maxInclusive: false,
    scale: 'linear',
  },
} as const;

/** Float64 twin of `opt_update` in momentum.wgsl. */
function update(
  x: number,
  g: number,
  s: Record<'v', number>,
  c: Readonly<Record<'lr' | 'mu' | 'nesterov', number>>,
) {
  s.v = c.mu * s.v + g;
  const d = c.nesterov > 0.5 ? g + c.mu * s.v : s.v;
  return x - c.lr * d;
}

const base = {
  family: 'first-order',
  hyper,
  state: ['v'],
  update,
  wgsl,
} as const;

/** Heavy-ball momentum in the PyTorch form (no dampening). */
export const momentum = coordinateOptimizer({
  ...base,
  id: 'momentum',
  name: 'Momentum',
  summary:
    'Gradient descent along a velocity that accumulates past gradients ' +
    '(PyTorch form: v = mu v + g, x -= lr v), so it rolls through flat ' +
    'stretches and damps zig-zags across narrow valleys.',
  reference:
    'B. T. Polyak, Some methods of speeding up the convergence of ' +
    'iteration methods, USSR Comput. Math. Math. Phys. 4(5), 1964.',
  consts: (h, { lr }) => ({ lr, mu: h.momentum, nesterov: 0 }),
});

/** Nesterov momentum in the PyTorch form, from the current gradient. */
export const nesterov = coordinateOptimizer({
  ...base,
  id: 'nesterov',
  name: 'Nesterov momentum',
  summary:
    'Momentum that steps from where the velocity is about to carry it ' +
    '(PyTorch form: v = mu v + g, x -= lr (g + mu v)), which reacts ' +
    'sooner when the slope turns and overshoots less.',
  reference:
    'I. Sutskever, J. Martens, G. Dahl, G. Hinton, On the importance of ' +
    'initialization and momentum in deep learning, ICML 2013; ' +
    'Y. Nesterov, 1983.',
  consts: (h, { lr }) => ({ lr, mu: h.momentum, nesterov: 1 }),
});
