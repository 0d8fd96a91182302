import wgsl from '../../shaders/optimizers/adamax.wgsl?raw';
import { betaParam, coordinateOptimizer, epsParam, lrParam } from './optimizer';

/** Adamax in the PyTorch form: eps is added to |g| inside the maximum. */
export const adamax = coordinateOptimizer({
  id: 'adamax',
  name: 'Adamax',
  family: 'adaptive',
  summary:
    'Adam with the root mean square replaced by a decaying maximum of ' +
    '|g| (the infinity norm), so one large gradient caps the step for a ' +
    'while and only the first moment needs bias correction.',
  reference:
    'D. P. Kingma, J. Ba, Adam: A Method for Stochastic Optimization, ' +
    'ICLR 2015, section 7.1.',
  hyper: {
    lr: lrParam(2e-3),
    beta1: betaParam('beta1', 'Decay of the running mean of gradients.', 0.9),
    beta2: betaParam('beta2', 'Decay of the maximum of |g|.', 0.999),
    eps: epsParam(1e-8),
  },
  state: ['m', 'u'],
  consts: (h, { t, lr }) => ({
    lr,
    beta1: h.beta1,
    beta2: h.beta2,
    eps: h.eps,
    bc1: 1 - h.beta1 ** t,
  }),
  update: (x, g, s, c) => {
    s.m = c.beta1 * s.m + (1 - c.beta1) * g;
    s.u = Math.max(c.beta2 * s.u, Math.abs(g) + c.eps);
    return x - (c.lr * (s.m / c.bc1)) / s.u;
  },
  wgsl,
});
