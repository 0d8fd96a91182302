import wgsl from '../../shaders/optimizers/lion.wgsl?raw';
import { betaParam, coordinateOptimizer, lrParam } from './optimizer';

/** Lion (EvoLved Sign Momentum), with decoupled weight decay. */
export const lion = coordinateOptimizer({
  id: 'lion',
  name: 'Lion',
  family: 'adaptive',
  summary:
    'Steps by the sign of a blend of momentum and the current gradient, ' +
    'so every coordinate moves by exactly lr, then updates the momentum ' +
    'with a slower decay; found by program search.',
  reference:
    'X. Chen, C. Liang, D. Huang, E. Real, K. Wang, Y. Liu, H. Pham, ' +
    'X. Dong, T. Luong, C.-J. Hsieh, Y. Lu, Q. V. Le, Symbolic Discovery ' +
    'of Optimization Algorithms, NeurIPS 2023.',
  hyper: {
    lr: lrParam(1e-4),
    beta1: betaParam(
      'beta1',
      'Weight of the momentum against the gradient in the step direction.',
      0.9,
    ),
    beta2: betaParam('beta2', 'Decay of the momentum.', 0.99),
    wd: {
      label: 'weight decay',
      doc: 'Fraction of the weights removed per unit of learning rate.',
      default: 0,
      min: 0,
      max: 10,
      scale: 'linear',
    },
  },
  state: ['m'],
  consts: (h, { lr }) => ({
    lr,
    beta1: h.beta1,
    beta2: h.beta2,
    wd: h.wd,
  }),
  update: (x, g, s, c) => {
    const u = Math.sign(c.beta1 * s.m + (1 - c.beta1) * g);
    s.m = c.beta2 * s.m + (1 - c.beta2) * g;
    return x - c.lr * (u + c.wd * x);
  },
  wgsl,
});
