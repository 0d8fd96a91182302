import wgsl from '../../shaders/optimizers/adagrad.wgsl?raw';
import { coordinateOptimizer, epsParam, lrParam } from './optimizer';

/** Adagrad with the accumulator starting at 0 (PyTorch's default). */
export const adagrad = coordinateOptimizer({
  id: 'adagrad',
  name: 'Adagrad',
  family: 'adaptive',
  summary:
    'Divides each coordinate by the root of the sum of all its squared ' +
    'gradients so far, so steep coordinates slow down and every step ' +
    'size only ever shrinks.',
  reference:
    'J. Duchi, E. Hazan, Y. Singer, Adaptive Subgradient Methods for ' +
    'Online Learning and Stochastic Optimization, JMLR 12, 2011.',
  hyper: { lr: lrParam(1e-2), eps: epsParam(1e-10) },
  state: ['g2_sum'],
  consts: (h, { lr }) => ({ lr, eps: h.eps }),
  update: (x, g, s, c) => {
    s.g2_sum = s.g2_sum + g * g;
    return x - (c.lr * g) / (Math.sqrt(s.g2_sum) + c.eps);
  },
  wgsl,
});
