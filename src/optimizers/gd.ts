import wgsl from '../../shaders/optimizers/gd.wgsl?raw';
import { coordinateOptimizer, lrParam } from './optimizer';

/** Plain gradient descent (SGD when the experiment adds gradient noise). */
export const gd = coordinateOptimizer({
  id: 'gd',
  name: 'GD / SGD',
  family: 'first-order',
  summary:
    'Steps against the gradient by a fixed fraction; with gradient noise ' +
    'it is stochastic gradient descent.',
  reference:
    'A. Cauchy, 1847; H. Robbins, S. Monro, A Stochastic Approximation ' +
    'Method, Ann. Math. Stat. 1951.',
  hyper: { lr: lrParam(1e-2) },
  state: ['unused'],
  consts: (_h, { lr }) => ({ lr }),
  update: (x, g, _s, c) => x - c.lr * g,
  wgsl,
});
