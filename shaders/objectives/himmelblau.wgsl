// Himmelblau's function: f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2.
// Four global minima of value 0, one local maximum and four saddles.

struct LandscapeParams {
  unused: f32, // Himmelblau has no parameters
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let a = p.x * p.x + p.y - 11.0;
  let b = p.x + p.y * p.y - 7.0;
  let gx = 4.0 * p.x * a + 2.0 * b;
  let gy = 2.0 * a + 4.0 * p.y * b;
  return vec3f(a * a + b * b, gx, gy);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  let hxx = 12.0 * p.x * p.x + 4.0 * p.y - 42.0;
  let hxy = 4.0 * (p.x + p.y);
  let hyy = 4.0 * p.x + 12.0 * p.y * p.y - 26.0;
  return vec3f(hxx, hxy, hyy);
}
