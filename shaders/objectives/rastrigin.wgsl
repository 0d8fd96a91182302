// Rastrigin's function in two dimensions:
// f = 2 A + sum_i (x_i^2 - A cos(2 pi x_i)) = sum_i (x_i^2 + 2 A sin^2(pi x_i)),
// written in the second form so that f32 keeps its digits near the global
// minimum (0, 0) of value 0. A lattice of local minima near integer points.
// The angle pi x is reduced by whole turns to [-pi, pi] first
// (x - 2 round(x / 2) is exact in f32): WGSL bounds the error of sin and
// cos only inside that range.

const RASTRIGIN_PI: f32 = 3.141592653589793;

struct LandscapeParams {
  A: f32, // amplitude of the cosine ripples
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let t = RASTRIGIN_PI * (p - 2.0 * round(0.5 * p));
  let s = sin(t);
  let c = cos(t);
  let two_a = 2.0 * lp.A;
  let terms = p * p + two_a * s * s;
  let g = 2.0 * p + (2.0 * RASTRIGIN_PI * two_a) * s * c;
  return vec3f(terms.x + terms.y, g);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  let t = RASTRIGIN_PI * (p - 2.0 * round(0.5 * p));
  let s = sin(t);
  let c = cos(t);
  let two_a = 2.0 * lp.A;
  let h = 2.0 + (2.0 * RASTRIGIN_PI * RASTRIGIN_PI * two_a) * (c * c - s * s);
  return vec3f(h.x, 0.0, h.y);
}
