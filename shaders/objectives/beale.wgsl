// Beale's function:
// f = (1.5 - x + x y)^2 + (2.25 - x + x y^2)^2 + (2.625 - x + x y^3)^2.
// One minimum at (3, 0.5) with value 0 in a narrow curved valley; the
// function is flat (constant) along x = 0, with a saddle at (0, 1).

struct LandscapeParams {
  unused: f32, // Beale's function has no parameters
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let y2 = p.y * p.y;
  let y3 = y2 * p.y;
  let m1 = p.y - 1.0;
  let m2 = y2 - 1.0;
  let m3 = y3 - 1.0;
  let t1 = 1.5 + p.x * m1;
  let t2 = 2.25 + p.x * m2;
  let t3 = 2.625 + p.x * m3;
  let f = t1 * t1 + t2 * t2 + t3 * t3;
  let gx = 2.0 * (t1 * m1 + t2 * m2 + t3 * m3);
  let gy = 2.0 * p.x * (t1 + 2.0 * p.y * t2 + 3.0 * y2 * t3);
  return vec3f(f, gx, gy);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  let y2 = p.y * p.y;
  let y3 = y2 * p.y;
  let m1 = p.y - 1.0;
  let m2 = y2 - 1.0;
  let m3 = y3 - 1.0;
  let t1 = 1.5 + p.x * m1;
  let t2 = 2.25 + p.x * m2;
  let t3 = 2.625 + p.x * m3;
  let hxx = 2.0 * (m1 * m1 + m2 * m2 + m3 * m3);
  let hxy = 2.0 * (t1 + 2.0 * p.y * t2 + 3.0 * y2 * t3)
    + 2.0 * p.x * (m1 + 2.0 * p.y * m2 + 3.0 * y2 * m3);
  let hyy = 2.0 * p.x
    * (p.x * (1.0 + 4.0 * y2 + 9.0 * y2 * y2) + 2.0 * t2 + 6.0 * p.y * t3);
  return vec3f(hxx, hxy, hyy);
}
