// Rosenbrock's banana valley: f = (a - x)^2 + b (y - x^2)^2.
// One minimum at (a, a^2) with value 0, at the end of a curved flat valley.

struct LandscapeParams {
  a: f32, // x coordinate of the minimum
  b: f32, // steepness of the valley walls
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let d = lp.a - p.x;
  let e = p.y - p.x * p.x;
  let be = lp.b * e;
  let f = d * d + be * e;
  return vec3f(f, -2.0 * d - 4.0 * p.x * be, 2.0 * be);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  let hxx = 2.0 + 4.0 * lp.b * (3.0 * p.x * p.x - p.y);
  let hxy = -4.0 * lp.b * p.x;
  return vec3f(hxx, hxy, 2.0 * lp.b);
}
