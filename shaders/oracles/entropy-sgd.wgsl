// Entropy-SGD (Chaudhari et al., ICLR 2017): the gradient of the local
// entropy, gamma (x - mu), where mu is the mean of an inner Langevin chain
// x' that explores the loss near x under a coupling gamma |x - x'|^2 / 2:
//   x' <- x' - eta (grad f(x') - gamma (x - x')) + sqrt(eta) eps z,
//   mu <- (1 - alpha) mu + alpha x'.

const ENTROPY_MAX_INNER: u32 = 64u;

struct OracleConsts {
  gamma: f32,    // coupling of the chain to x (the scope)
  inner_lr: f32, // eta, the inner Langevin step
  epsilon: f32,  // thermal noise of the inner chain
  alpha: f32,    // weight of the newest inner point in the mean mu
  inner: f32,    // L, the inner steps (at most 64)
}

fn oracle_grad(x: vec2f, fg: vec3f, k: NoiseKey, c: OracleConsts) -> vec2f {
  let steps = min(u32(c.inner), ENTROPY_MAX_INNER);
  let noise_scale = sqrt(c.inner_lr) * c.epsilon;
  var xp = x;
  var mu = x;
  for (var l = 0u; l < steps; l++) {
    let g = objective(xp).yz + gradient_noise(k, 128u + 2u * l);
    let z = normal2(k.seed, k.run, k.step, 129u + 2u * l);
    xp = xp - c.inner_lr * (g - c.gamma * (x - xp)) + noise_scale * z;
    mu = (1.0 - c.alpha) * mu + c.alpha * xp;
  }
  return c.gamma * (x - mu);
}
