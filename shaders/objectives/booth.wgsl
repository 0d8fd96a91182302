// Booth's function: f = (x + 2 y - 7)^2 + (2 x + y - 5)^2.
// A quadratic bowl with one minimum at (1, 3), value 0, and curvatures 2
// and 18 along the diagonals.

struct LandscapeParams {
  unused: f32, // Booth's function has no parameters
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let a = p.x + 2.0 * p.y - 7.0;
  let b = 2.0 * p.x + p.y - 5.0;
  return vec3f(a * a + b * b, 2.0 * a + 4.0 * b, 4.0 * a + 2.0 * b);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  return vec3f(10.0, 8.0, 10.0);
}
