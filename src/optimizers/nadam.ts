import wgsl from '../../shaders/optimizers/nadam.wgsl?raw';
import { betaParam, coordinateOptimizer, epsParam, lrParam } from './optimizer';

/** Dozat's momentum schedule mu_t = beta1 (1 - 0.5 * 0.96^(t psi)). */
function nadamMu(beta1: number, psi: number, t: number): number {
  return beta1 * (1 - 0.5 * 0.96 ** (t * psi));
}

/**
 * The products mu_1 ... mu_t for the last (beta1, psi) asked for, kept so
 * that a run of T steps costs O(T) rather than O(T^2). products[t] is the
 * product of the first t factors (products[0] = 1).
 */
const productCache = { beta1: NaN, psi: NaN, products: [1] };

/** mu_1 * mu_2 * ... * mu_t in Float64. */
export function nadamMuProduct(beta1: number, psi: number, t: number): number {
  if (productCache.beta1 !== beta1 || productCache.psi !== psi) {
    productCache.beta1 = beta1;
    productCache.psi = psi;
    productCache.products = [1];
  }
  const p = productCache.products;
  for (let i = p.length; i <= t; i++) {
    p.push((p[i - 1] ?? 1) * nadamMu(beta1, psi, i));
  }
  return p[t] ?? NaN;
}

/** NAdam in the PyTorch form, with its momentum decay schedule. */
export const nadam = coordinateOptimizer({
  id: 'nadam',
  name: 'NAdam',
  family: 'adaptive',
  summary:
    'Adam with Nesterov momentum: the step mixes the current gradient and ' +
    'the first moment as if looking one step ahead, with a momentum that ' +
    'warms up from beta1 / 2 towards beta1 (PyTorch form).',
  reference:
    'T. Dozat, Incorporating Nesterov Momentum into Adam, ICLR 2016 ' +
    'workshop.',
  hyper: {
    lr: lrParam(2e-3),
    beta1: betaParam('beta1', 'Decay of the running mean of gradients.', 0.9),
    beta2: betaParam('beta2', 'Decay of the running mean of squares.', 0.999),
    eps: epsParam(1e-8),
    momentumDecay: {
      label: 'momentum decay',
      doc:
        'psi in mu_t = beta1 (1 - 0.5 * 0.96^(t psi)): how fast the ' +
        'momentum warms up from beta1 / 2 to beta1.',
      default: 4e-3,
      min: 0,
      max: 1,
      scale: 'log',
    },
  },
  state: ['m', 'v'],
  consts: (h, { t, lr }) => {
    const mu = nadamMu(h.beta1, h.momentumDecay, t);
    const muNext = nadamMu(h.beta1, h.momentumDecay, t + 1);
    const product = nadamMuProduct(h.beta1, h.momentumDecay, t);
    const productNext = product * muNext;
    return {
      beta1: h.beta1,
      beta2: h.beta2,
      eps: h.eps,
      bc2: 1 - h.beta2 ** t,
      g_coef: (lr * (1 - mu)) / (1 - product),
      m_coef: (lr * muNext) / (1 - productNext),
    };
  },
  update: (x, g, s, c) => {
    s.m = c.beta1 * s.m + (1 - c.beta1) * g;
    s.v = c.beta2 * s.v + (1 - c.beta2) * g * g;
    const denom = Math.sqrt(s.v / c.bc2) + c.eps;
    return x - c.g_coef * (g / denom) - c.m_coef * (s.m / denom);
  },
  wgsl,
});
