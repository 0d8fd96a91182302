import wgsl from '../../shaders/oracles/sam.wgsl?raw';
import { oracle, type OracleContext } from './oracle';

const rho = {
  label: 'rho',
  doc: 'Radius of the neighbourhood whose worst point is sought.',
  default: 0.05,
  min: 0,
  max: 10,
  scale: 'linear',
} as const;

function grad(
  x: number,
  y: number,
  fg: { gx: number; gy: number },
  ctx: OracleContext,
  c: Readonly<Record<'rho' | 'adaptive' | 'eta', number>>,
): [number, number] {
  const [nx, ny] = ctx.gradientNoise(0);
  const gx = fg.gx + nx;
  const gy = fg.gy + ny;
  if (c.rho === 0) return [gx, gy];
  const tx = c.adaptive > 0.5 ? Math.abs(x) + c.eta : 1;
  const ty = c.adaptive > 0.5 ? Math.abs(y) + c.eta : 1;
  const n = Math.hypot(tx * gx, ty * gy);
  if (n === 0) return [gx, gy];
  const s = c.rho / n;
  const at = ctx.valueGrad(x + s * (tx * tx * gx), y + s * (ty * ty * gy));
  return [at.gx + nx, at.gy + ny];
}

/** SAM: descend with the gradient taken at the worst nearby point. */
export const sam = oracle({
  id: 'sam',
  name: 'SAM',
  summary:
    'Takes the gradient at x + rho g / |g|, the first-order worst point ' +
    'of a rho-ball, so that the base optimizer seeks low loss in a whole ' +
    'neighbourhood: a bias towards flat minima.',
  reference:
    'P. Foret, A. Kleiner, H. Mobahi, B. Neyshabur, Sharpness-Aware ' +
    'Minimization for Efficiently Improving Generalization, ICLR 2021.',
  hyper: { rho },
  evaluationsPerStep: (h) => (h.rho > 0 ? 2 : 1),
  consts: (h) => ({ rho: h.rho, adaptive: 0, eta: 0 }),
  grad,
  wgsl,
});

/** Adaptive SAM: the neighbourhood scaled by the size of each weight. */
export const asam = oracle({
  id: 'asam',
  name: 'Adaptive SAM',
  summary:
    'SAM in a neighbourhood scaled by |x| + eta per coordinate, so that ' +
    'the sharpness it penalises does not change when the parameters are ' +
    'rescaled.',
  reference:
    'J. Kwon, J. Kim, H. Park, I. K. Choi, ASAM: Adaptive Sharpness-Aware ' +
    'Minimization for Scale-Invariant Learning of Deep Neural Networks, ' +
    'ICML 2021.',
  hyper: {
    rho: { ...rho, default: 0.5 },
    eta: {
      label: 'eta',
      doc: 'Offset of the scale |x| + eta, so that zero weights still move.',
      default: 0.01,
      min: 0,
      max: 10,
      scale: 'log',
    },
  },
  evaluationsPerStep: (h) => (h.rho > 0 ? 2 : 1),
  consts: (h) => ({ rho: h.rho, adaptive: 1, eta: h.eta }),
  grad,
  wgsl,
});
