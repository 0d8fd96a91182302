// Matyas' function: f = 0.26 (x^2 + y^2) - 0.48 x y.
// A quadratic bowl with one minimum at the origin; curvatures 1.0 along
// (1, -1) and 0.04 along the diagonal (1, 1), condition number 25.

struct LandscapeParams {
  unused: f32, // Matyas' function has no parameters
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let gx = 0.52 * p.x - 0.48 * p.y;
  let gy = 0.52 * p.y - 0.48 * p.x;
  let f = 0.26 * (p.x * p.x + p.y * p.y) - 0.48 * p.x * p.y;
  return vec3f(f, gx, gy);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  return vec3f(0.52, -0.48, 0.52);
}
