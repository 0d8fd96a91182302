import wgsl from '../../shaders/oracles/plain.wgsl?raw';
import { oracle } from './oracle';

/** The gradient at the current point (noisy when the experiment says). */
export const plain = oracle({
  id: 'plain',
  name: 'Gradient',
  summary:
    "The gradient at the current point, plus the experiment's Gaussian " +
    'gradient noise if any: what every optimizer sees by default.',
  reference: 'The stochastic-gradient model of Robbins and Monro, 1951.',
  hyper: {},
  evaluationsPerStep: () => 1,
  consts: () => ({ unused: 0 }),
  grad: (_x, _y, fg, ctx) => {
    const [nx, ny] = ctx.gradientNoise(0);
    return [fg.gx + nx, fg.gy + ny];
  },
  wgsl,
});
