// The Levy function in two dimensions, with w_i = 1 + (x_i - 1) / 4:
// f = sin^2(pi w_1) + (w_1 - 1)^2 (1 + 10 sin^2(pi w_1 + 1))
//   + (w_2 - 1)^2 (1 + sin^2(2 pi w_2)).
// Written with d_i = w_i - 1 = (x_i - 1) / 4, using sin(pi + z) = -sin(z)
// and the period of the squares, as
// f = sin^2(pi d_1) + d_1^2 (1 + 10 sin^2(pi d_1 + 1))
//   + d_2^2 (1 + sin^2(2 pi d_2)),
// the same function with the global minimum (1, 1), value 0, exact in f32.
// The sines and cosines enter only as squares and as products of a sine with
// its cosine, which a common sign flip leaves alone, so each angle is reduced
// by whole half-turns to [-pi/2, pi/2] first: WGSL bounds the error of sin
// and cos only inside [-pi, pi].

const LEVY_PI: f32 = 3.141592653589793;
const LEVY_INV_PI: f32 = 0.3183098861837907;

struct LandscapeParams {
  unused: f32, // the Levy function has no parameters
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let d = 0.25 * (p - 1.0);
  // Half-turn counts of the three angles pi d1, pi d1 + 1 and 2 pi d2.
  let n = vec3f(d.x, d.x + LEVY_INV_PI, 2.0 * d.y);
  let t = LEVY_PI * (n - round(n));
  let s1 = sin(t.x);
  let c1 = cos(t.x);
  let s2 = sin(t.y);
  let c2 = cos(t.y);
  let s3 = sin(t.z);
  let c3 = cos(t.z);
  let q1 = 1.0 + 10.0 * s2 * s2;
  let q2 = 1.0 + s3 * s3;
  let f = s1 * s1 + d.x * d.x * q1 + d.y * d.y * q2;
  // Derivatives with respect to d; dd / dx = 1 / 4.
  let g1 = 2.0 * LEVY_PI * s1 * c1 + 2.0 * d.x * q1
    + 20.0 * LEVY_PI * d.x * d.x * s2 * c2;
  let g2 = 2.0 * d.y * q2 + 4.0 * LEVY_PI * d.y * d.y * s3 * c3;
  return vec3f(f, 0.25 * g1, 0.25 * g2);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  let d = 0.25 * (p - 1.0);
  // Half-turn counts of the three angles pi d1, pi d1 + 1 and 2 pi d2.
  let n = vec3f(d.x, d.x + LEVY_INV_PI, 2.0 * d.y);
  let t = LEVY_PI * (n - round(n));
  let s1 = sin(t.x);
  let c1 = cos(t.x);
  let s2 = sin(t.y);
  let c2 = cos(t.y);
  let s3 = sin(t.z);
  let c3 = cos(t.z);
  let pp = LEVY_PI * LEVY_PI;
  let h1 = 2.0 * pp * (c1 * c1 - s1 * s1) + 2.0 * (1.0 + 10.0 * s2 * s2)
    + 80.0 * LEVY_PI * d.x * s2 * c2
    + 20.0 * pp * d.x * d.x * (c2 * c2 - s2 * s2);
  let h2 = 2.0 * (1.0 + s3 * s3) + 16.0 * LEVY_PI * d.y * s3 * c3
    + 8.0 * pp * d.y * d.y * (c3 * c3 - s3 * s3);
  return vec3f(0.0625 * h1, 0.0, 0.0625 * h2);
}
