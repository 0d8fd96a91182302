import type { Landscape } from '../../src/objectives/landscape';

/**
 * Absolute tolerance of a float32 landscape evaluation, as a fraction of
 * the largest magnitude compared. Float32 formulas of tens of operations
 * lose about 1e-6 of their largest term: 1e-4 leaves a wide margin. WGSL
 * allows sin and cos an absolute error of 2^-11 on [-pi, pi] (and
 * SwiftShader uses that freedom), which a trigonometric term of amplitude
 * A turns into an error of about 2 A 2^-11 = 1e-3 A: landscapes whose
 * module calls sin or cos get 2e-3 of the largest magnitude.
 */
export function evaluationTolerance(l: Landscape): number {
  return /\b(sin|cos|tan)\(/.test(l.wgsl) ? 2e-3 : 1e-4;
}
