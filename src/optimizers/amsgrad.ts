import wgsl from '../../shaders/optimizers/amsgrad.wgsl?raw';
import { betaParam, coordinateOptimizer, epsParam, lrParam } from './optimizer';

/** AMSGrad in the PyTorch form (Adam with `amsgrad=True`). */
export const amsgrad = coordinateOptimizer({
  id: 'amsgrad',
  name: 'AMSGrad',
  family: 'adaptive',
  summary:
    'Adam that divides by the largest second moment seen so far, so a ' +
    'coordinate once steep never speeds up again (PyTorch form: the ' +
    'maximum of v is kept and bias-corrected).',
  reference:
    'S. J. Reddi, S. Kale, S. Kumar, On the Convergence of Adam and ' +
    'Beyond, ICLR 2018.',
  hyper: {
    lr: lrParam(1e-3),
    beta1: betaParam('beta1', 'Decay of the running mean of gradients.', 0.9),
    beta2: betaParam('beta2', 'Decay of the running mean of squares.', 0.999),
    eps: epsParam(1e-8),
  },
  state: ['m', 'v', 'v_max'],
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
    s.v = c.beta2 * s.v + (1 - c.beta2) * g * g;
    s.v_max = Math.max(s.v_max, s.v);
    const mHat = s.m / c.bc1;
    const vHat = s.v_max / c.bc2;
    return x - (c.lr * mHat) / (Math.sqrt(vHat) + c.eps);
  },
  wgsl,
});
