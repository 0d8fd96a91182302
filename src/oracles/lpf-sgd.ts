import wgsl from '../../shaders/oracles/lpf-sgd.wgsl?raw';
import { oracle, STREAMS } from './oracle';

/** LPF-SGD: the gradient of the Gaussian-smoothed loss, by sampling. */
export const lpfSgd = oracle({
  id: 'lpf-sgd',
  name: 'LPF-SGD',
  summary:
    'Averages the gradient over M Gaussian perturbations of the point: ' +
    'the gradient of the loss blurred at scale sigma, in which minima ' +
    'narrower than sigma fade away.',
  reference:
    'D. Bisla, J. Wang, A. Choromanska, Low-Pass Filtering SGD for ' +
    'Recovering Flat Optima in the Deep Learning Optimization Landscape, ' +
    'AISTATS 2022.',
  hyper: {
    sigma: {
      label: 'sigma',
      doc: 'Width of the Gaussian the loss is smoothed with.',
      default: 0.2,
      min: 0,
      max: 10,
      scale: 'linear',
    },
    samples: {
      label: 'samples',
      doc: 'Perturbed points averaged per step.',
      default: 8,
      min: 1,
      max: 64,
      scale: 'linear',
      integer: true,
    },
  },
  evaluationsPerStep: (h) => 1 + h.samples,
  consts: (h) => ({ sigma: h.sigma, samples: h.samples }),
  grad: (x, y, _fg, ctx, c) => {
    const [nx, ny] = ctx.gradientNoise(0);
    let sx = 0;
    let sy = 0;
    for (let j = 0; j < c.samples; j++) {
      const [zx, zy] = ctx.normal(STREAMS.lpf + j, ctx.step);
      const at = ctx.valueGrad(x + c.sigma * zx, y + c.sigma * zy);
      sx += at.gx;
      sy += at.gy;
    }
    return [sx / c.samples + nx, sy / c.samples + ny];
  },
  wgsl,
});
