import wgsl from '../../shaders/optimizers/radam.wgsl?raw';
import { betaParam, coordinateOptimizer, epsParam, lrParam } from './optimizer';

/**
 * RAdam's rectification at step t: rho_t, the length of the approximated
 * simple moving average, and r_t, the factor that makes the variance of
 * the adaptive step match its limit. r_t is 0 while rho_t <= 5 (PyTorch's
 * threshold), when the step is not adapted at all.
 */
export function radamRectification(
  beta2: number,
  t: number,
): { rhoT: number; rect: number; adaptive: boolean } {
  const rhoInf = 2 / (1 - beta2) - 1;
  const rhoT = rhoInf - (2 * t * beta2 ** t) / (1 - beta2 ** t);
  const adaptive = rhoT > 5;
  const rect = adaptive
    ? Math.sqrt(
        ((rhoT - 4) * (rhoT - 2) * rhoInf) /
          ((rhoInf - 4) * (rhoInf - 2) * rhoT),
      )
    : 0;
  return { rhoT, rect, adaptive };
}

/** RAdam in the PyTorch form (eps added to sqrt(v) before the correction). */
export const radam = coordinateOptimizer({
  id: 'radam',
  name: 'RAdam',
  family: 'adaptive',
  summary:
    'Adam with its adaptive step scaled by a rectification term that ' +
    'tames the unreliable variance of the first steps; until enough ' +
    'steps have been seen (rho_t <= 5) it takes plain momentum steps.',
  reference:
    'L. Liu, H. Jiang, P. He, W. Chen, X. Liu, J. Gao, J. Han, On the ' +
    'Variance of the Adaptive Learning Rate and Beyond, ICLR 2020.',
  hyper: {
    lr: lrParam(1e-3),
    beta1: betaParam('beta1', 'Decay of the running mean of gradients.', 0.9),
    beta2: betaParam('beta2', 'Decay of the running mean of squares.', 0.999),
    eps: epsParam(1e-8),
  },
  state: ['m', 'v'],
  consts: (h, { t, lr }) => {
    const { rect, adaptive } = radamRectification(h.beta2, t);
    return {
      lr,
      beta1: h.beta1,
      beta2: h.beta2,
      eps: h.eps,
      bc1: 1 - h.beta1 ** t,
      sqrt_bc2: Math.sqrt(1 - h.beta2 ** t),
      rect,
      adaptive: adaptive ? 1 : 0,
    };
  },
  update: (x, g, s, c) => {
    s.m = c.beta1 * s.m + (1 - c.beta1) * g;
    s.v = c.beta2 * s.v + (1 - c.beta2) * g * g;
    const mHat = s.m / c.bc1;
    if (c.adaptive > 0.5) {
      const adaptiveLr = c.sqrt_bc2 / (Math.sqrt(s.v) + c.eps);
      return x - mHat * c.lr * adaptiveLr * c.rect;
    }
    return x - mHat * c.lr;
  },
  wgsl,
});
