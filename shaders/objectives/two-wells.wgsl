// Two wells, the classroom picture of sharp against flat minima:
// f = -D1 exp(-|p - c1|^2 / (2 s1^2)) - D2 exp(-|p - c2|^2 / (2 s2^2))
//     + 0.5 k |p|^2,
// c1 = (-separation / 2, 0) holds the deep narrow well (D1, s1) and
// c2 = (+separation / 2, 0) the shallow wide one (D2, s2); the weak bowl k
// keeps runs from drifting off. The minima sit near c1 and c2, shifted by
// the other terms, with a saddle between them on the x axis.

struct LandscapeParams {
  deepDepth: f32, // depth D1 of the narrow well at (-separation / 2, 0)
  deepWidth: f32, // width s1 (standard deviation) of the narrow well
  wideDepth: f32, // depth D2 of the wide well at (+separation / 2, 0)
  wideWidth: f32, // width s2 (standard deviation) of the wide well
  separation: f32, // distance between the two well centres
  bowl: f32, // curvature k of the quadratic bowl around the origin
}

fn landscape_value_grad(p: vec2f, lp: LandscapeParams) -> vec3f {
  let h = 0.5 * lp.separation;
  let d1 = vec2f(p.x + h, p.y);
  let d2 = vec2f(p.x - h, p.y);
  let iv1 = 1.0 / (lp.deepWidth * lp.deepWidth);
  let iv2 = 1.0 / (lp.wideWidth * lp.wideWidth);
  let w1 = lp.deepDepth * exp(-0.5 * iv1 * dot(d1, d1));
  let w2 = lp.wideDepth * exp(-0.5 * iv2 * dot(d2, d2));
  let f = 0.5 * lp.bowl * dot(p, p) - w1 - w2;
  let g = (w1 * iv1) * d1 + (w2 * iv2) * d2 + lp.bowl * p;
  return vec3f(f, g);
}

fn landscape_hessian(p: vec2f, lp: LandscapeParams) -> vec3f {
  let h = 0.5 * lp.separation;
  let d1 = vec2f(p.x + h, p.y);
  let d2 = vec2f(p.x - h, p.y);
  let iv1 = 1.0 / (lp.deepWidth * lp.deepWidth);
  let iv2 = 1.0 / (lp.wideWidth * lp.wideWidth);
  let k1 = lp.deepDepth * exp(-0.5 * iv1 * dot(d1, d1)) * iv1;
  let k2 = lp.wideDepth * exp(-0.5 * iv2 * dot(d2, d2)) * iv2;
  // Each well adds k (I - iv d d^T); the bowl adds bowl I.
  let hxx = k1 * (1.0 - iv1 * d1.x * d1.x) + k2 * (1.0 - iv2 * d2.x * d2.x)
    + lp.bowl;
  let hxy = -(k1 * iv1 * d1.x * d1.y + k2 * iv2 * d2.x * d2.y);
  let hyy = k1 * (1.0 - iv1 * d1.y * d1.y) + k2 * (1.0 - iv2 * d2.y * d2.y)
    + lp.bowl;
  return vec3f(hxx, hxy, hyy);
}
