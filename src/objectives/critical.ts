import type { CriticalPoint, Hessian2, ValueGrad } from './landscape';

type VG = (x: number, y: number) => ValueGrad;
type H = (x: number, y: number) => Hessian2;

/**
 * Polishes an approximate stationary point with Newton's method on the
 * gradient, in Float64, so that tables of minima carry every digit the
 * landscape defines rather than the few a paper printed.
 */
export function refineCritical(
  vg: VG,
  hess: H,
  x0: number,
  y0: number,
  label: string,
): CriticalPoint {
  let x = x0;
  let y = y0;
  for (let i = 0; i < 50; i++) {
    const g = vg(x, y);
    const h = hess(x, y);
    const det = h.hxx * h.hyy - h.hxy * h.hxy;
    if (det === 0 || !Number.isFinite(det)) break;
    const dx = (h.hyy * g.gx - h.hxy * g.gy) / det;
    const dy = (h.hxx * g.gy - h.hxy * g.gx) / det;
    x -= dx;
    y -= dy;
    if (Math.abs(dx) + Math.abs(dy) < 1e-15 * (1 + Math.abs(x) + Math.abs(y)))
      break;
  }
  // Newton may wander off to another stationary point: keep the start then.
  if (Math.hypot(x - x0, y - y0) > 0.5) {
    x = x0;
    y = y0;
  }
  return { x, y, value: vg(x, y).value, label };
}
