// Ill-conditioned rotated quadratic: f = 0.5 (l1 u^2 + l2 v^2), where
// u = cos(t) x + sin(t) y and v = cos(t) y - sin(t) x with t = angle in
// degrees, l1 = scale and l2 = scale / kappa. One minimum at the origin;
// the curvature is exactly l1 along u and l2 along v. (cos, sin) is
// normalized again because GPUs compute them to a few digits only: a unit
// (c, s) keeps the eigenvalues of the Hessian at l1 and l2 to f32 rounding.

struct LandscapeParams {
  kappa: f32, // condition number l1 / l2 (at least 1)
  angle: f32, // direction of the stiff axis u, degrees from the x axis
  scale: f32, // largest curvature l1, along u
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let r = vec2f(cos(radians(lp.angle)), sin(radians(lp.angle)));
  let cs = r / length(r);
  let c = cs.x;
  let s = cs.y;
  let l1 = lp.scale;
  let l2 = lp.scale / lp.kappa;
  let u = c * p.x + s * p.y;
  let v = c * p.y - s * p.x;
  let gu = l1 * u;
  let gv = l2 * v;
  let f = 0.5 * (gu * u + gv * v);
  return vec3f(f, c * gu - s * gv, s * gu + c * gv);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  let r = vec2f(cos(radians(lp.angle)), sin(radians(lp.angle)));
  let cs = r / length(r);
  let c = cs.x;
  let s = cs.y;
  let l1 = lp.scale;
  let l2 = lp.scale / lp.kappa;
  let hxx = l1 * c * c + l2 * s * s;
  let hxy = (l1 - l2) * c * s;
  let hyy = l1 * s * s + l2 * c * c;
  return vec3f(hxx, hxy, hyy);
}
