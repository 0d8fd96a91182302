import wgsl from '../../shaders/optimizers/signsgd.wgsl?raw';
import { coordinateOptimizer, lrParam } from './optimizer';

/** signSGD (momentum 0) and Signum (momentum > 0). */
export const signsgd = coordinateOptimizer({
  id: 'signsgd',
  name: 'signSGD / Signum',
  family: 'first-order',
  summary:
    'Moves every coordinate by exactly lr against the sign of its ' +
    'gradient, ignoring its size; with momentum > 0 it follows the sign ' +
    'of a running mean of gradients instead (Signum).',
  reference:
    'J. Bernstein, Y.-X. Wang, K. Azizzadenesheli, A. Anandkumar, ' +
    'signSGD: Compressed Optimisation for Non-Convex Problems, ICML 2018.',
  hyper: {
    lr: lrParam(1e-2),
    momentum: {
      label: 'momentum',
      doc:
        'Decay of the running mean whose sign is followed: 0 is plain ' +
        'signSGD, 0.9 is the Signum of the paper.',
      default: 0,
      min: 0,
      max: 1,
      maxInclusive: false,
      scale: 'linear',
    },
  },
  state: ['m'],
  consts: (h, { lr }) => ({ lr, mu: h.momentum }),
  update: (x, g, s, c) => {
    s.m = c.mu * s.m + (1 - c.mu) * g;
    return x - c.lr * Math.sign(s.m);
  },
  wgsl,
});
