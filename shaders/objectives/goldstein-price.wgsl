// The Goldstein-Price function:
// f = [1 + (x + y + 1)^2 (19 - 14 x + 3 x^2 - 14 y + 6 x y + 3 y^2)]
//   * [30 + (2 x - 3 y)^2 (18 - 32 x + 12 x^2 + 48 y - 36 x y + 27 y^2)].
// With s = x + y + 1 and t = 2 x - 3 y the brackets are polynomials of one
// variable each, f = A(s) B(t) with
//   A(s) = 1 + s^2 (36 - 20 s + 3 s^2),  B(t) = 30 + t^2 (18 - 16 t + 3 t^2),
// which is the same function with far less cancellation in f32.
// Global minimum (0, -1) with value 3; local minima (-0.6, -0.4) = 30,
// (1.8, 0.2) = 84, (1.2, 0.8) = 840; four saddles and a maximum.

struct LandscapeParams {
  unused: f32, // Goldstein-Price has no parameters
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let s = p.x + p.y + 1.0;
  let t = 2.0 * p.x - 3.0 * p.y;
  let fa = 1.0 + s * s * (36.0 + s * (3.0 * s - 20.0));
  let da = s * (72.0 + s * (12.0 * s - 60.0));
  let fb = 30.0 + t * t * (18.0 + t * (3.0 * t - 16.0));
  let db = t * (36.0 + t * (12.0 * t - 48.0));
  let ab = da * fb;
  let bb = fa * db;
  return vec3f(fa * fb, ab + 2.0 * bb, ab - 3.0 * bb);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  let s = p.x + p.y + 1.0;
  let t = 2.0 * p.x - 3.0 * p.y;
  let fa = 1.0 + s * s * (36.0 + s * (3.0 * s - 20.0));
  let da = s * (72.0 + s * (12.0 * s - 60.0));
  let dda = 72.0 + s * (36.0 * s - 120.0);
  let fb = 30.0 + t * t * (18.0 + t * (3.0 * t - 16.0));
  let db = t * (36.0 + t * (12.0 * t - 48.0));
  let ddb = 36.0 + t * (36.0 * t - 96.0);
  let aa = dda * fb;
  let ab = da * db;
  let bb = fa * ddb;
  return vec3f(aa + 4.0 * ab + 4.0 * bb, aa - ab - 6.0 * bb,
    aa - 6.0 * ab + 9.0 * bb);
}
