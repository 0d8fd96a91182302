// Sharpness-aware minimization (Foret et al., ICLR 2021): the gradient at
// the first-order worst point of a rho-ball, x + rho g / |g|. Adaptive SAM
// (Kwon et al., ICML 2021) scales the ball by T = |x| + eta per coordinate:
// e = rho T^2 g / |T g|. Both use the same noise sample for the ascent and
// the descent gradient, as SAM uses one mini-batch for both.

struct OracleConsts {
  rho: f32,      // radius of the neighbourhood
  adaptive: f32, // 1 for adaptive SAM, 0 for SAM
  eta: f32,      // adaptive SAM's offset of the scale |x| + eta
}

fn oracle_grad(x: vec2f, fg: vec3f, k: NoiseKey, c: OracleConsts) -> vec2f {
  let xi = gradient_noise(k, 0u);
  let g = fg.yz + xi;
  if (c.rho == 0.0) {
    return g; // exactly the base optimizer
  }
  let t = select(vec2f(1.0), abs(x) + c.eta, c.adaptive > 0.5);
  let tg = t * g;
  let n = length(tg);
  if (n == 0.0) {
    return g; // no ascent direction at a stationary point
  }
  let e = (c.rho / n) * (t * tg);
  return objective(x + e).yz + xi;
}
