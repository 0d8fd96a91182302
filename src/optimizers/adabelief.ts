import wgsl from '../../shaders/optimizers/adabelief.wgsl?raw';
import { betaParam, coordinateOptimizer, epsParam, lrParam } from './optimizer';

/** AdaBelief as in the paper's algorithm and the authors' PyTorch code. */
export const adabelief = coordinateOptimizer({
  id: 'adabelief',
  name: 'AdaBelief',
  family: 'adaptive',
  summary:
    'Adam whose second moment tracks how far g strays from its running ' +
    'mean rather than g itself, so it takes large steps where the ' +
    'gradient is predictable (even if steep) and small ones where not.',
  reference:
    'J. Zhuang, T. Tang, Y. Ding, S. Tatikonda, N. Dvornek, ' +
    'X. Papademetris, J. Duncan, AdaBelief Optimizer: Adapting Stepsizes ' +
    'by the Belief in Observed Gradients, NeurIPS 2020.',
  hyper: {
    lr: lrParam(1e-3),
    beta1: betaParam('beta1', 'Decay of the running mean of gradients.', 0.9),
    beta2: betaParam(
      'beta2',
      'Decay of the running mean of squared deviations.',
      0.999,
    ),
    eps: {
      ...epsParam(1e-16),
      doc:
        'Added to s every step and to sqrt(s_hat); 1e-16 here acts like ' +
        "Adam's 1e-8.",
    },
  },
  state: ['m', 's'],
  consts: (h, { t, lr }) => ({
    lr,
    beta1: h.beta1,
    beta2: h.beta2,
    eps: h.eps,
    bc1: 1 - h.beta1 ** t,
    bc2: 1 - h.beta2 ** t,
  }),
  update: (x, g, s, c) => {
    s.m = c.beta1 * s.m + (1 - c.beta1) * g;
    const r = g - s.m;
    s.s = c.beta2 * s.s + (1 - c.beta2) * r * r + c.eps;
    const mHat = s.m / c.bc1;
    const sHat = s.s / c.bc2;
    return x - (c.lr * mHat) / (Math.sqrt(sHat) + c.eps);
  },
  wgsl,
});
