// The six-hump camel function:
// f = (4 - 2.1 x^2 + x^4 / 3) x^2 + x y + (-4 + 4 y^2) y^2.
// Two global minima (+-0.0898, -+0.7126) of value -1.0316, four local
// minima, seven saddles (one at the origin) and two maxima; the
// TypeScript twin lists them refined.

struct LandscapeParams {
  unused: f32, // the six-hump camel function has no parameters
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let x2 = p.x * p.x;
  let y2 = p.y * p.y;
  let f = x2 * (4.0 + x2 * (x2 / 3.0 - 2.1)) + p.x * p.y
    + y2 * (4.0 * y2 - 4.0);
  let gx = p.x * (8.0 + x2 * (2.0 * x2 - 8.4)) + p.y;
  let gy = p.x + p.y * (16.0 * y2 - 8.0);
  return vec3f(f, gx, gy);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  let x2 = p.x * p.x;
  let hxx = 8.0 + x2 * (10.0 * x2 - 25.2);
  let hyy = 48.0 * p.y * p.y - 8.0;
  return vec3f(hxx, 1.0, hyy);
}
