// The Styblinski-Tang function in two dimensions:
// f = 0.5 sum_i (x_i^4 - 16 x_i^2 + 5 x_i).
// Each coordinate has minima at -2.903534 and 2.746803 and a maximum at
// 0.156731: four minima, the global one at (-2.903534, -2.903534) with value
// -78.332, four saddles and one maximum.

struct LandscapeParams {
  unused: f32, // the Styblinski-Tang function has no parameters
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let p2 = p * p;
  let terms = 0.5 * p * (p * (p2 - 16.0) + 5.0);
  let g = p * (2.0 * p2 - 16.0) + 2.5;
  return vec3f(terms.x + terms.y, g);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  let h = 6.0 * p * p - 16.0;
  return vec3f(h.x, 0.0, h.y);
}
