import wgsl from '../../shaders/oracles/sgld.wgsl?raw';
import { oracle, STREAMS } from './oracle';

/** SGLD: gradient descent plus Langevin noise at a temperature. */
export const sgld = oracle({
  id: 'sgld',
  name: 'SGLD',
  summary:
    'Adds Gaussian noise of variance 2 T / lr to the gradient, so that ' +
    'gradient descent becomes Langevin dynamics sampling exp(-f / T): ' +
    'runs escape narrow wells and settle in proportion to their volume.',
  reference:
    'M. Welling, Y. W. Teh, Bayesian Learning via Stochastic Gradient ' +
    'Langevin Dynamics, ICML 2011.',
  hyper: {
    temperature: {
      label: 'temperature',
      doc: 'T: the runs sample exp(-f / T) in the long run.',
      default: 0.01,
      min: 0,
      max: 100,
      scale: 'log',
    },
  },
  evaluationsPerStep: () => 1,
  consts: (h, { lr }) => ({ scale: Math.sqrt((2 * h.temperature) / lr) }),
  grad: (_x, _y, fg, ctx, c) => {
    const [nx, ny] = ctx.gradientNoise(0);
    const [zx, zy] = ctx.normal(STREAMS.sgld, ctx.step);
    return [fg.gx + nx + c.scale * zx, fg.gy + ny + c.scale * zy];
  },
  wgsl,
});
