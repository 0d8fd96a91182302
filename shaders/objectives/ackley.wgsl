// Ackley's function in two dimensions:
// f = -a exp(-b sqrt((x^2 + y^2) / 2)) - exp((cos(c x) + cos(c y)) / 2) + a + e,
// written as f = a (1 - exp(-k r)) + e (1 - exp(-w)) with r = |p|,
// k = b sqrt(1/2) and w = sin^2(c x / 2) + sin^2(c y / 2), the same function
// in a form that keeps f32 digits near the global minimum (0, 0) of value 0.
//
// The funnel a (1 - exp(-k r)) is a cone at the origin: its gradient and
// Hessian are not defined there. This module returns the finite choices
// 0 for the funnel's gradient (a subgradient) and 0 for the funnel's
// Hessian (the true one is unbounded), keeping only the ripple term there.
//
// The ripples use sin(c x / 2) and cos(c x / 2) only through squares and
// products of the two, which a common sign flip leaves alone, so the angle
// is first reduced to [-pi/2, pi/2] by whole half-turns: WGSL bounds the
// error of sin and cos only inside [-pi, pi].

const ACKLEY_E: f32 = 2.718281828459045;
const ACKLEY_SQRT_HALF: f32 = 0.7071067811865476;
const ACKLEY_PI: f32 = 3.141592653589793;
const ACKLEY_INV_TWO_PI: f32 = 0.15915494309189535;

struct LandscapeParams {
  a: f32, // depth of the exponential funnel
  b: f32, // decay rate of the funnel with distance
  c: f32, // angular frequency of the ripples (2 pi: one ripple per unit)
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let k = lp.b * ACKLEY_SQRT_HALF;
  let r = length(p);
  let inv_r = select(0.0, 1.0 / r, r > 0.0);
  let funnel = lp.a * exp(-k * r);
  let q = (lp.c * ACKLEY_INV_TWO_PI) * p;
  let t = ACKLEY_PI * (q - round(q));
  let sh = sin(t);
  let ch = cos(t);
  let ripple = ACKLEY_E * exp(-(sh.x * sh.x + sh.y * sh.y));
  let f = (lp.a - funnel) + (ACKLEY_E - ripple);
  let g = (k * funnel * inv_r) * p + (lp.c * ripple) * sh * ch;
  return vec3f(f, g);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  let k = lp.b * ACKLEY_SQRT_HALF;
  let r = length(p);
  let inv_r = select(0.0, 1.0 / r, r > 0.0);
  let funnel = lp.a * exp(-k * r);
  // Radial first and second derivatives of the funnel, and the unit vector.
  let d1 = k * funnel;
  let d2 = -k * d1;
  let u = p * inv_r;
  let d1r = d1 * inv_r;
  let q = (lp.c * ACKLEY_INV_TWO_PI) * p;
  let t = ACKLEY_PI * (q - round(q));
  let sh = sin(t);
  let ch = cos(t);
  let ripple = ACKLEY_E * exp(-(sh.x * sh.x + sh.y * sh.y));
  let cc = lp.c * lp.c * ripple;
  let shch = sh * ch;
  let hxx = d2 * u.x * u.x + d1r * u.y * u.y
    + cc * (0.5 * (ch.x * ch.x - sh.x * sh.x) - shch.x * shch.x);
  let hxy = (d2 - d1r) * u.x * u.y - cc * shch.x * shch.y;
  let hyy = d2 * u.y * u.y + d1r * u.x * u.x
    + cc * (0.5 * (ch.y * ch.y - sh.y * sh.y) - shch.y * shch.y);
  return vec3f(hxx, hxy, hyy);
}
