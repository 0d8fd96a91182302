/**
 * Float64 twin of shaders/kernels/sharpness.wgsl: the sharpness measures
 * of one point, step for step as the kernel computes them.
 */
import type { Hessian2, Landscape } from '../objectives/landscape';
import { normal2 } from '../util/random';

/** Settings of the sharpness measures (see SharpnessParams in WGSL). */
export interface SharpnessSettings {
  epsilon: number;
  ascentSteps: number;
  rho: number;
  entropySigma: number;
  entropySamples: number;
}

/** The measures of one point. */
export interface SharpnessValues {
  lambdaMax: number;
  lambdaMin: number;
  epsSharpness: number;
  samSharpness: number;
  localEntropy: number;
}

/** Eigenvalues of the symmetric 2x2 Hessian, largest first. */
export function eigen2(h: Hessian2): [number, number] {
  const mean = 0.5 * (h.hxx + h.hyy);
  const half = 0.5 * (h.hxx - h.hyy);
  const r = Math.sqrt(half * half + h.hxy * h.hxy);
  return [mean + r, mean - r];
}

export function sharpnessAt(
  l: Landscape,
  p: Record<string, number>,
  x: number,
  y: number,
  s: SharpnessSettings,
  seed: number,
  run: number,
): SharpnessValues {
  const f = (a: number, b: number) => l.valueGrad(a, b, p);
  const f0 = f(x, y);
  const [lmax, lmin] = eigen2(l.hessian(x, y, p));

  // epsilon-sharpness: corners, then projected sign ascent
  const dx = s.epsilon * (Math.abs(x) + 1);
  const dy = s.epsilon * (Math.abs(y) + 1);
  let best = f0.value;
  let bx = x;
  let by = y;
  for (let c = 0; c < 4; c++) {
    const cx = x + (c & 1 ? 1 : -1) * dx;
    const cy = y + (c & 2 ? 1 : -1) * dy;
    const v = f(cx, cy).value;
    if (v > best) {
      best = v;
      bx = cx;
      by = cy;
    }
  }
  let yx = 0.5 * (x + bx);
  let yy = 0.5 * (y + by);
  let stepX = 0.5 * dx;
  let stepY = 0.5 * dy;
  const clamp = (v: number, lo: number, hi: number) =>
    Math.min(Math.max(v, lo), hi);
  for (let k = 0; k < s.ascentSteps; k++) {
    const g = f(yx, yy);
    if (g.value > best) best = g.value;
    yx = clamp(yx + stepX * Math.sign(g.gx), x - dx, x + dx);
    yy = clamp(yy + stepY * Math.sign(g.gy), y - dy, y + dy);
    stepX *= 0.5;
    stepY *= 0.5;
  }
  best = Math.max(best, f(yx, yy).value);
  const epsSharpness = (best - f0.value) / (1 + Math.abs(f0.value));

  // SAM sharpness
  const n = Math.hypot(f0.gx, f0.gy);
  const samSharpness =
    n === 0
      ? 0
      : f(x + (s.rho / n) * f0.gx, y + (s.rho / n) * f0.gy).value - f0.value;

  // local entropy by a streaming log-sum-exp
  const m = Math.min(s.entropySamples, 256);
  let top = -3e38;
  let sum = 0;
  for (let j = 0; j < m; j++) {
    const [zx, zy] = normal2(seed, run, 0, 256 + j);
    const v = -f(x + s.entropySigma * zx, y + s.entropySigma * zy).value;
    if (v > top) {
      sum = sum * Math.exp(top - v) + 1;
      top = v;
    } else sum += Math.exp(v - top);
  }
  return {
    lambdaMax: lmax,
    lambdaMin: lmin,
    epsSharpness,
    samSharpness,
    localEntropy: top + Math.log(sum / m),
  };
}
