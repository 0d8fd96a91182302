import wgsl from '../../shaders/oracles/entropy-sgd.wgsl?raw';
import { oracle, STREAMS } from './oracle';

/** Entropy-SGD: descend the local entropy estimated by a Langevin chain. */
export const entropySgd = oracle({
  id: 'entropy-sgd',
  name: 'Entropy-SGD',
  summary:
    'Replaces the gradient by gamma (x - mu), where mu is the mean of an ' +
    'inner Langevin chain near x: the gradient of the local entropy, ' +
    'which is large where wide low regions are and small in narrow wells.',
  reference:
    'P. Chaudhari, A. Choromanska, S. Soatto, Y. LeCun, C. Baldassi, ' +
    'C. Borgs, J. Chayes, L. Sagun, R. Zecchina, Entropy-SGD: Biasing ' +
    'Gradient Descent Into Wide Valleys, ICLR 2017.',
  hyper: {
    gamma: {
      label: 'gamma',
      doc: 'Coupling of the inner chain to x: small gamma, wide scope.',
      default: 1,
      min: 0,
      max: 1e4,
      minInclusive: false,
      scale: 'log',
    },
    innerLr: {
      label: 'inner step',
      doc: 'Step size of the inner Langevin chain.',
      default: 0.05,
      min: 0,
      max: 10,
      minInclusive: false,
      scale: 'log',
    },
    epsilon: {
      label: 'thermal noise',
      doc: 'Noise of the inner chain (its temperature is epsilon^2 / 2).',
      default: 1e-3,
      min: 0,
      max: 10,
      scale: 'log',
    },
    alpha: {
      label: 'alpha',
      doc: 'Weight of the newest inner point in the running mean mu.',
      default: 0.25,
      min: 0,
      max: 1,
      minInclusive: false,
      scale: 'linear',
    },
    inner: {
      label: 'inner steps',
      doc: 'Langevin steps per outer step.',
      default: 10,
      min: 1,
      max: 64,
      scale: 'linear',
      integer: true,
    },
  },
  evaluationsPerStep: (h) => 1 + h.inner,
  consts: (h) => ({
    gamma: h.gamma,
    inner_lr: h.innerLr,
    epsilon: h.epsilon,
    alpha: h.alpha,
    inner: h.inner,
  }),
  grad: (x, y, _fg, ctx, c) => {
    const noise = Math.sqrt(c.inner_lr) * c.epsilon;
    let px = x;
    let py = y;
    let mx = x;
    let my = y;
    for (let l = 0; l < c.inner; l++) {
      const at = ctx.valueGrad(px, py);
      const [nx, ny] = ctx.gradientNoise(STREAMS.entropy + 2 * l);
      const [zx, zy] = ctx.normal(STREAMS.entropy + 2 * l + 1, ctx.step);
      px = px - c.inner_lr * (at.gx + nx - c.gamma * (x - px)) + noise * zx;
      py = py - c.inner_lr * (at.gy + ny - c.gamma * (y - py)) + noise * zy;
      mx = (1 - c.alpha) * mx + c.alpha * px;
      my = (1 - c.alpha) * my + c.alpha * py;
    }
    return [c.gamma * (x - mx), c.gamma * (y - my)];
  },
  wgsl,
});
