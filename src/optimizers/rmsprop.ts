import plainWgsl from '../../shaders/optimizers/rmsprop.wgsl?raw';
import centeredWgsl from '../../shaders/optimizers/rmsprop-centered.wgsl?raw';
import {
  coordinateOptimizer,
  epsParam,
  lrParam,
  type StepContext,
} from './optimizer';

const hyper = {
  lr: lrParam(1e-2),
  alpha: {
    label: 'alpha',
    doc: 'Decay of the running mean of squared gradients.',
    // Hinton's lecture uses 0.9 (PyTorch's default is 0.99).
    default: 0.9,
    min: 0,
    max: 1,
    maxInclusive: false,
    scale: 'linear',
  },
  eps: epsParam(1e-8),
} as const;

function consts(
  h: Readonly<Record<keyof typeof hyper, number>>,
  { lr }: StepContext,
) {
  return { lr, alpha: h.alpha, eps: h.eps };
}

type RmspropConsts = ReturnType<typeof consts>;

/** RMSprop as in the lecture, in the PyTorch form (eps outside the root). */
export const rmsprop = coordinateOptimizer({
  id: 'rmsprop',
  name: 'RMSprop',
  family: 'adaptive',
  summary:
    'Divides the gradient by the root of a running mean of its square, ' +
    'so each coordinate steps at a similar pace whatever its scale, and ' +
    'unlike Adagrad the scale can grow again.',
  reference:
    'T. Tieleman, G. Hinton, Lecture 6.5 - rmsprop: Divide the gradient ' +
    'by a running average of its recent magnitude, COURSERA: Neural ' +
    'Networks for Machine Learning, 2012.',
  hyper,
  state: ['v'],
  consts,
  update: (x, g, s, c: RmspropConsts) => {
    s.v = c.alpha * s.v + (1 - c.alpha) * g * g;
    return x - (c.lr * g) / (Math.sqrt(s.v) + c.eps);
  },
  wgsl: plainWgsl,
});

/** Centered RMSprop: PyTorch's `centered=True`, without momentum. */
export const rmspropCentered = coordinateOptimizer({
  id: 'rmsprop-centered',
  name: 'RMSprop (centered)',
  family: 'adaptive',
  summary:
    'RMSprop that divides by the root of a running variance of the ' +
    'gradient (mean of squares minus the squared running mean) rather ' +
    'than its raw mean square, so a steady slope takes larger steps.',
  reference:
    'A. Graves, Generating Sequences With Recurrent Neural Networks, ' +
    'arXiv:1308.0850, 2013 (eq. 38-41, here without momentum).',
  hyper,
  state: ['v', 'm'],
  consts,
  update: (x, g, s, c: RmspropConsts) => {
    s.v = c.alpha * s.v + (1 - c.alpha) * g * g;
    s.m = c.alpha * s.m + (1 - c.alpha) * g;
    const variance = Math.max(s.v - s.m * s.m, 0);
    return x - (c.lr * g) / (Math.sqrt(variance) + c.eps);
  },
  wgsl: centeredWgsl,
});
