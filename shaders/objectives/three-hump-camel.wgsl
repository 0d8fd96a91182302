// The three-hump camel function: f = 2 x^2 - 1.05 x^4 + x^6 / 6 + x y + y^2.
// Global minimum at the origin (value 0), two local minima near
// (+-1.7476, -+0.8738) and two saddles between them.

struct LandscapeParams {
  unused: f32, // the three-hump camel function has no parameters
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let x2 = p.x * p.x;
  let f = x2 * (2.0 + x2 * (x2 / 6.0 - 1.05)) + p.x * p.y + p.y * p.y;
  let gx = p.x * (4.0 + x2 * (x2 - 4.2)) + p.y;
  let gy = p.x + 2.0 * p.y;
  return vec3f(f, gx, gy);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  let x2 = p.x * p.x;
  return vec3f(4.0 + x2 * (5.0 * x2 - 12.6), 1.0, 2.0);
}
