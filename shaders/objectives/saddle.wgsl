// A saddle that opens into two minima:
// f = 0.5 a x^2 - 0.5 b y^2 + 0.25 c y^4.
// Saddle at the origin (value 0), minima at (0, +-sqrt(b / c)) with value
// -b^2 / (4 c).

struct LandscapeParams {
  a: f32, // curvature along x, the stable direction
  b: f32, // negative curvature along y at the saddle
  c: f32, // quartic stiffness that closes the y direction into two wells
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let gx = lp.a * p.x;
  let y2 = p.y * p.y;
  let f = 0.5 * gx * p.x + y2 * (0.25 * lp.c * y2 - 0.5 * lp.b);
  let gy = p.y * (lp.c * y2 - lp.b);
  return vec3f(f, gx, gy);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  return vec3f(lp.a, 0.0, 3.0 * lp.c * p.y * p.y - lp.b);
}
