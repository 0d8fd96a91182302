import wgsl from '../../shaders/optimizers/adam.wgsl?raw';
import {
  betaParam,
  coordinateOptimizer,
  epsParam,
  lrParam,
  type StepContext,
} from './optimizer';

const hyper = {
  lr: lrParam(1e-3),
  beta1: betaParam('beta1', 'Decay of the running mean of gradients.', 0.9),
  beta2: betaParam('beta2', 'Decay of the running mean of squares.', 0.999),
  eps: epsParam(1e-8),
};

type AdamHyper = Record<keyof typeof hyper, number>;

function adamConsts(h: AdamHyper, { t, lr }: StepContext) {
  return {
    lr,
    beta1: h.beta1,
    beta2: h.beta2,
    eps: h.eps,
    step: lr / (1 - h.beta1 ** t),
    inv_sqrt_bc2: 1 / Math.sqrt(1 - h.beta2 ** t),
    wd: 0,
  };
}

type AdamConsts = ReturnType<typeof adamConsts>;

/** Float64 twin of `opt_update` in adam.wgsl. */
function update(
  x: number,
  g: number,
  s: Record<'m' | 'v', number>,
  c: AdamConsts,
) {
  s.m = c.beta1 * s.m + (1 - c.beta1) * g;
  s.v = c.beta2 * s.v + (1 - c.beta2) * g * g;
  // lr m_hat / (sqrt(v_hat) + eps) with the bias corrections folded into
  // step and inv_sqrt_bc2, in the kernel's order (adam.wgsl)
  const denom = Math.sqrt(s.v) * c.inv_sqrt_bc2 + c.eps;
  return x - c.step * (s.m / denom) - c.lr * c.wd * x;
}

const base = {
  family: 'adaptive',
  reference:
    'D. P. Kingma, J. Ba, Adam: A Method for Stochastic Optimization, ' +
    'ICLR 2015.',
  state: ['m', 'v'],
  update,
  wgsl,
} as const;

/** Adam, as in the paper: bias-corrected first and second moments. */
export const adam = coordinateOptimizer({
  ...base,
  id: 'adam',
  name: 'Adam',
  summary:
    'Divides a running mean of gradients by the root of a running mean ' +
    'of squared gradients, both corrected for their zero start.',
  hyper,
  consts: adamConsts,
});

/** Adam without bias correction: the zero start shapes the first steps. */
export const adamNoBiasCorrection = coordinateOptimizer({
  ...base,
  id: 'adam-no-bc',
  name: 'Adam (no bias correction)',
  summary:
    'Adam with the bias correction left out, so both moments start at ' +
    'zero and the first steps are scaled by sqrt(1 - beta2^t) / ' +
    '(1 - beta1^t).',
  hyper,
  consts: (h, ctx) => ({
    ...adamConsts(h, ctx),
    step: ctx.lr,
    inv_sqrt_bc2: 1,
  }),
});

/** AdamW: weight decay applied to the weights, not added to the gradient. */
export const adamw = coordinateOptimizer({
  ...base,
  id: 'adamw',
  name: 'AdamW',
  summary:
    'Adam with weight decay decoupled from the adaptive step: weights ' +
    'shrink by lr * wd each step whatever the gradient scale.',
  reference:
    'I. Loshchilov, F. Hutter, Decoupled Weight Decay Regularization, ' +
    'ICLR 2019.',
  hyper: {
    ...hyper,
    wd: {
      label: 'weight decay',
      doc: 'Fraction of the weights removed per unit of learning rate.',
      default: 1e-2,
      min: 0,
      max: 10,
      scale: 'linear',
    },
  },
  consts: (h, ctx) => ({ ...adamConsts(h, ctx), wd: h.wd }),
});
