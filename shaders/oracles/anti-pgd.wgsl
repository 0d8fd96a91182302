// Anti-correlated perturbed gradient descent (Orvieto et al., ICML 2022):
// the gradient at x + sigma (z_t - z_(t-1)), with z_t a standard normal
// pair per step. Consecutive perturbations cancel, so the iterate is not
// pushed around but the gradient is smoothed along the way: a drift
// towards flat regions (the perturbation's covariance acts as a trace of
// the Hessian penalty).

struct OracleConsts {
  sigma: f32, // scale of the perturbations
}

fn oracle_grad(x: vec2f, fg: vec3f, k: NoiseKey, c: OracleConsts) -> vec2f {
  let xi = gradient_noise(k, 0u);
  if (c.sigma == 0.0) {
    return fg.yz + xi;
  }
  let z_now = normal2(k.seed, k.run, k.step, 2u);
  let z_before = normal2(k.seed, k.run, k.step - 1u, 2u);
  return objective(x + c.sigma * (z_now - z_before)).yz + xi;
}
