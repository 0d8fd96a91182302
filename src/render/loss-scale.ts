/**
 * How the heatmap maps a loss to a colour: t = (log(f - fmin + eps) - logLo)
 * / (logHi - logLo), clamped to [0, 1] and looked up in viridis, with
 * contour lines where t * levels is an integer. The range comes from a
 * sample of the view in Float64, so that a few extreme values (a wall at
 * the edge, a spike) do not wash the picture out.
 */
import type { Bounds, Landscape } from '../objectives/landscape';
import { viridis, type Rgb } from './colormap';

/** The parameters of the mapping from loss to colour. */
export interface LossScale {
  /** The global minimum value: the loss that maps to log(eps). */
  fmin: number;
  /** Added before the log so that fmin maps to a finite value. */
  eps: number;
  /** The log value at t = 0 (1st percentile of the sample). */
  logLo: number;
  /** The log value at t = 1 (99th percentile of the sample). */
  logHi: number;
  /** Contour bands between logLo and logHi; lines at interior levels. */
  levels: number;
}

/** Sampling and contour settings of `lossScale`. */
export interface LossScaleOptions {
  /** Grid points per side of the sample (default 64). */
  samples?: number;
  /** Contour bands (default 12). */
  levels?: number;
  /** Percentiles of the log values at the ends (default 0.01, 0.99). */
  lowQuantile?: number;
  highQuantile?: number;
}

/** The q-quantile of sorted values, linear between neighbours. */
function quantile(sorted: readonly number[], q: number): number {
  const x = q * (sorted.length - 1);
  const i = Math.floor(x);
  const a = sorted[i]!;
  const b = sorted[Math.min(i + 1, sorted.length - 1)]!;
  return a + (b - a) * (x - i);
}

/**
 * Samples the loss on a grid of cell centres over the view (Float64 twin)
 * and derives the colour scale from it.
 */
export function lossScale(
  l: Landscape,
  params: Record<string, number>,
  view: Bounds,
  options: LossScaleOptions = {},
): LossScale {
  const n = options.samples ?? 64;
  const levels = options.levels ?? 12;
  const qLo = options.lowQuantile ?? 0.01;
  const qHi = options.highQuantile ?? 0.99;
  const [[x0, x1], [y0, y1]] = view;
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const x = x0 + ((i + 0.5) / n) * (x1 - x0);
      const y = y0 + ((j + 0.5) / n) * (y1 - y0);
      const f = l.valueGrad(x, y, params).value;
      if (Number.isFinite(f)) values.push(f);
    }
  }
  if (values.length === 0) {
    return { fmin: 0, eps: 1, logLo: 0, logHi: 1, levels };
  }
  values.sort((a, b) => a - b);

  // The known global minimum, unless the sample went lower (a landscape
  // unbounded below, or a minimum list that does not cover the view).
  const known = l.minima(params)[0]?.value;
  const fmin = Math.min(
    values[0]!,
    known !== undefined && Number.isFinite(known) ? known : Infinity,
  );

  // eps: a thousandth of the sampled spread, so that the log resolves
  // three decades below the top of the range and no more: a smaller eps
  // spends the colours on a pixel-wide pit around each minimum.
  const spread = quantile(values, qHi) - fmin;
  const eps = spread > 0 ? 1e-3 * spread : 1;
  const logs = values.map((f) => Math.log(f - fmin + eps));
  const logLo = quantile(logs, qLo);
  let logHi = quantile(logs, qHi);
  if (!(logHi - logLo > 1e-9)) logHi = logLo + 1;
  return { fmin, eps, logLo, logHi, levels };
}

/** The position of a loss in the colour map, not clamped. */
export function lossToUnit(f: number, s: LossScale): number {
  const l = Math.log(Math.max(f - s.fmin, 0) + s.eps);
  const t = (l - s.logLo) / (s.logHi - s.logLo);
  // Non-finite losses are drawn as the top of the map, as in the shader.
  return Number.isFinite(t) ? t : 1;
}

/** The loss at a position of the colour map (inverse of lossToUnit). */
export function unitToLoss(t: number, s: LossScale): number {
  return s.fmin - s.eps + Math.exp(s.logLo + t * (s.logHi - s.logLo));
}

/**
 * The heatmap colour of a loss away from contour lines: the Float64 twin
 * of `fs_heatmap` in shaders/render/heatmap.wgsl.
 */
export function heatmapColor(f: number, s: LossScale): Rgb {
  return viridis(lossToUnit(f, s));
}
