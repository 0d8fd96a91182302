import wgsl from '../../shaders/optimizers/adadelta.wgsl?raw';
import { coordinateOptimizer, epsParam, lrParam } from './optimizer';

/** Adadelta with the paper's rho and eps and PyTorch's lr = 1. */
export const adadelta = coordinateOptimizer({
  id: 'adadelta',
  name: 'Adadelta',
  family: 'adaptive',
  summary:
    'Scales the gradient by the ratio of the RMS of recent steps to the ' +
    'RMS of recent gradients, so the step has the units of x and no ' +
    'learning rate is needed (lr is a plain multiplier, 1 by default).',
  reference:
    'M. D. Zeiler, ADADELTA: An Adaptive Learning Rate Method, ' +
    'arXiv:1212.5701, 2012.',
  hyper: {
    lr: lrParam(1),
    rho: {
      label: 'rho',
      doc: 'Decay of the running means of squared gradients and steps.',
      default: 0.95,
      min: 0,
      max: 1,
      maxInclusive: false,
      scale: 'linear',
    },
    eps: {
      ...epsParam(1e-6),
      // With eps = 0 the running mean of steps stays 0: x never moves.
      minInclusive: false,
      doc:
        'Added inside both roots: sets the size of the first steps and ' +
        'keeps the division finite.',
    },
  },
  state: ['v', 'u'],
  consts: (h, { lr }) => ({ lr, rho: h.rho, eps: h.eps }),
  update: (x, g, s, c) => {
    s.v = c.rho * s.v + (1 - c.rho) * g * g;
    const d = (Math.sqrt(s.u + c.eps) / Math.sqrt(s.v + c.eps)) * g;
    s.u = c.rho * s.u + (1 - c.rho) * d * d;
    return x - c.lr * d;
  },
  wgsl,
});
