import { refineCritical } from './critical';
import type { CriticalPoint, Hessian2, ValueGrad } from './landscape';

type VG = (x: number, y: number) => ValueGrad;
type H = (x: number, y: number) => Hessian2;

/** What the Hessian says a stationary point is. */
export type CriticalKind = 'minimum' | 'maximum' | 'saddle' | 'degenerate';

/** Classifies a stationary point by the signs of its Hessian's eigenvalues. */
export function classifyHessian(h: Hessian2): CriticalKind {
  const scale = Math.max(Math.abs(h.hxx), Math.abs(h.hxy), Math.abs(h.hyy));
  const det = h.hxx * h.hyy - h.hxy * h.hxy;
  const tiny = 1e-12 * scale * scale;
  if (!(scale > 0) || Math.abs(det) <= tiny) return 'degenerate';
  if (det < 0) return 'saddle';
  return h.hxx > 0 ? 'minimum' : 'maximum';
}

/**
 * Whether the gradient vanishes at (x, y) up to the rounding of Float64:
 * relative to the value and to what the Hessian makes of a last-digit error
 * in the position.
 */
export function isStationary(vg: VG, hess: H, x: number, y: number): boolean {
  const g = vg(x, y);
  const h = hess(x, y);
  const hs = Math.max(Math.abs(h.hxx), Math.abs(h.hxy), Math.abs(h.hyy));
  const scale = Math.max(
    1,
    Math.abs(g.value),
    hs * (1 + Math.abs(x) + Math.abs(y)),
  );
  return Math.hypot(g.gx, g.gy) <= 1e-10 * scale;
}

/**
 * Refines each seed with Newton's method and keeps those that converge to a
 * stationary point of the wanted kind, one per location (closer than
 * `minDistance` counts as the same point), lowest value first. Landscapes
 * whose minima come and go with their parameters list them through this.
 */
export function refineAll(
  vg: VG,
  hess: H,
  seeds: readonly (readonly [number, number, string])[],
  kind: CriticalKind,
  minDistance: number,
): CriticalPoint[] {
  const out: CriticalPoint[] = [];
  for (const [x0, y0, label] of seeds) {
    const c = refineCritical(vg, hess, x0, y0, label);
    if (!isStationary(vg, hess, c.x, c.y)) continue;
    if (classifyHessian(hess(c.x, c.y)) !== kind) continue;
    if (out.some((o) => Math.hypot(o.x - c.x, o.y - c.y) < minDistance)) {
      continue;
    }
    out.push(c);
  }
  return out.sort((a, b) => a.value - b.value);
}
