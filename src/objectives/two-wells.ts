import wgsl from '../../shaders/objectives/two-wells.wgsl?raw';
import { refineCritical } from './critical';
import type { CriticalPoint, Hessian2, ValueGrad } from './landscape';
import { landscape } from './landscape';
import { classifyHessian, isStationary } from './stationary';

interface TwoWellsParams {
  readonly deepDepth: number;
  readonly deepWidth: number;
  readonly wideDepth: number;
  readonly wideWidth: number;
  readonly separation: number;
  readonly bowl: number;
}

function valueGrad(x: number, y: number, p: TwoWellsParams): ValueGrad {
  const h = 0.5 * p.separation;
  const d1x = x + h;
  const d2x = x - h;
  const iv1 = 1 / (p.deepWidth * p.deepWidth);
  const iv2 = 1 / (p.wideWidth * p.wideWidth);
  const w1 = p.deepDepth * Math.exp(-0.5 * iv1 * (d1x * d1x + y * y));
  const w2 = p.wideDepth * Math.exp(-0.5 * iv2 * (d2x * d2x + y * y));
  const k1 = w1 * iv1;
  const k2 = w2 * iv2;
  return {
    value: 0.5 * p.bowl * (x * x + y * y) - w1 - w2,
    gx: k1 * d1x + k2 * d2x + p.bowl * x,
    gy: k1 * y + k2 * y + p.bowl * y,
  };
}

function hessian(x: number, y: number, p: TwoWellsParams): Hessian2 {
  const h = 0.5 * p.separation;
  const d1x = x + h;
  const d2x = x - h;
  const iv1 = 1 / (p.deepWidth * p.deepWidth);
  const iv2 = 1 / (p.wideWidth * p.wideWidth);
  const k1 = p.deepDepth * Math.exp(-0.5 * iv1 * (d1x * d1x + y * y)) * iv1;
  const k2 = p.wideDepth * Math.exp(-0.5 * iv2 * (d2x * d2x + y * y)) * iv2;
  // Each well adds k (I - iv d d^T); the bowl adds bowl I.
  return {
    hxx: k1 * (1 - iv1 * d1x * d1x) + k2 * (1 - iv2 * d2x * d2x) + p.bowl,
    hxy: -(k1 * iv1 * d1x * y + k2 * iv2 * d2x * y),
    hyy: k1 * (1 - iv1 * y * y) + k2 * (1 - iv2 * y * y) + p.bowl,
  };
}

/*
 * Every term is symmetric in y and curves upwards across the x axis, so the
 * stationary points lie on the axis, and between the well centres: beyond
 * them both wells and the bowl pull inwards. They are found by the sign
 * changes of df/dx along [-separation / 2, separation / 2], bisected and
 * then polished by Newton: minima where df/dx rises through 0, saddles
 * where it falls.
 */
function axisPoints(p: TwoWellsParams) {
  const vg = (x: number, y: number) => valueGrad(x, y, p);
  const hess = (x: number, y: number) => hessian(x, y, p);
  const h = 0.5 * p.separation;
  const n = 2000;
  const found: { x: number; rising: boolean }[] = [];
  let x0 = -h;
  let g0 = vg(x0, 0).gx;
  for (let i = 1; i <= n; i++) {
    const x1 = -h + (2 * h * i) / n;
    const g1 = vg(x1, 0).gx;
    if (g0 < 0 !== g1 < 0) {
      let lo = x0;
      let hi = x1;
      for (let k = 0; k < 60; k++) {
        const mid = 0.5 * (lo + hi);
        if (vg(mid, 0).gx < 0 === g0 < 0) lo = mid;
        else hi = mid;
      }
      found.push({ x: 0.5 * (lo + hi), rising: g0 < 0 });
    }
    x0 = x1;
    g0 = g1;
  }
  const polished = found.map((f) => ({
    ...refineCritical(vg, hess, f.x, 0, ''),
    rising: f.rising,
  }));
  const ok = polished.filter((c) => isStationary(vg, hess, c.x, c.y));
  return {
    minima: ok.filter(
      (c) => c.rising && classifyHessian(hess(c.x, c.y)) === 'minimum',
    ),
    saddles: ok.filter(
      (c) => !c.rising && classifyHessian(hess(c.x, c.y)) === 'saddle',
    ),
  };
}

function minimaOf(p: TwoWellsParams): CriticalPoint[] {
  const m = axisPoints(p).minima;
  const out = m.map(({ x, y, value }, i) => {
    let label = `between (${x.toFixed(2)}, 0)`;
    if (m.length === 1) label = 'single well';
    else if (i === 0) label = 'deep narrow';
    else if (i === m.length - 1) label = 'wide shallow';
    return { x, y, value, label };
  });
  return out.sort((a, b) => a.value - b.value);
}

function saddlesOf(p: TwoWellsParams): CriticalPoint[] {
  return axisPoints(p).saddles.map(({ x, y, value }) => ({
    x,
    y,
    value,
    label: 'saddle',
  }));
}

/** Two Gaussian wells, one deep and narrow, one shallow and wide. */
export const twoWells = landscape({
  id: 'two-wells',
  name: 'Two wells',
  summary:
    'A deep narrow well beside a shallow wide one: the picture behind ' +
    'sharp against flat minima, where most random starts and large or ' +
    'noisy steps end in the wide well although the narrow one is deeper.',
  reference:
    'S. Hochreiter, J. Schmidhuber, Flat Minima, Neural Computation 9(1), ' +
    '1-42, 1997; N. S. Keskar et al., On Large-Batch Training for Deep ' +
    'Learning: Generalization Gap and Sharp Minima, ICLR 2017.',
  params: {
    deepDepth: {
      label: 'narrow well depth',
      doc: 'Depth of the narrow well at (-separation / 2, 0).',
      default: 1.5,
      min: 0,
      max: 5,
      minInclusive: false,
      scale: 'linear',
    },
    deepWidth: {
      label: 'narrow well width',
      doc: 'Width (standard deviation) of the narrow well.',
      default: 0.3,
      min: 0.05,
      max: 2,
      scale: 'log',
    },
    wideDepth: {
      label: 'wide well depth',
      doc: 'Depth of the wide well at (+separation / 2, 0).',
      default: 1,
      min: 0,
      max: 5,
      minInclusive: false,
      scale: 'linear',
    },
    wideWidth: {
      label: 'wide well width',
      doc: 'Width (standard deviation) of the wide well.',
      default: 1.2,
      min: 0.05,
      max: 3,
      scale: 'log',
    },
    separation: {
      label: 'separation',
      doc: 'Distance between the centres of the two wells.',
      default: 3,
      min: 0.5,
      max: 6,
      scale: 'linear',
    },
    bowl: {
      label: 'bowl curvature',
      doc: 'Curvature of the weak quadratic bowl that keeps runs bounded.',
      default: 0.02,
      min: 0,
      max: 1,
      scale: 'linear',
    },
  },
  bounds: () => [
    [-4, 4],
    [-4, 4],
  ],
  minima: (p) => minimaOf(p),
  saddles: (p) => saddlesOf(p),
  basinRadius: (p) =>
    Math.min(0.1 * p.separation, 0.5 * p.deepWidth, 0.5 * p.wideWidth),
  valueGrad,
  hessian,
  wgsl,
});
