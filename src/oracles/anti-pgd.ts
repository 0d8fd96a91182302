import wgsl from '../../shaders/oracles/anti-pgd.wgsl?raw';
import { oracle, STREAMS } from './oracle';

/** Anti-PGD: gradients at anti-correlated perturbations of the iterate. */
export const antiPgd = oracle({
  id: 'anti-pgd',
  name: 'Anti-PGD',
  summary:
    'Takes the gradient at x + sigma (z_t - z_(t-1)): perturbations that ' +
    'cancel from one step to the next, which regularise towards a small ' +
    'Hessian trace without pushing the iterate around.',
  reference:
    'A. Orvieto, H. Kersting, F. Proske, F. Bach, A. Lucchi, ' +
    'Anticorrelated Noise Injection for Improved Generalization, ICML 2022.',
  hyper: {
    sigma: {
      label: 'sigma',
      doc: 'Scale of the perturbations of the point.',
      default: 0.1,
      min: 0,
      max: 10,
      scale: 'linear',
    },
  },
  evaluationsPerStep: (h) => (h.sigma > 0 ? 2 : 1),
  consts: (h) => ({ sigma: h.sigma }),
  grad: (x, y, fg, ctx, c) => {
    const [nx, ny] = ctx.gradientNoise(0);
    if (c.sigma === 0) return [fg.gx + nx, fg.gy + ny];
    const [ax, ay] = ctx.normal(STREAMS.antiPgd, ctx.step);
    const [bx, by] = ctx.normal(STREAMS.antiPgd, ctx.step - 1);
    const at = ctx.valueGrad(x + c.sigma * (ax - bx), y + c.sigma * (ay - by));
    return [at.gx + nx, at.gy + ny];
  },
  wgsl,
});
