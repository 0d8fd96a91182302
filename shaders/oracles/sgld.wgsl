// Stochastic gradient Langevin dynamics (Welling and Teh, ICML 2011): the
// gradient plus sqrt(2 / (lr beta)) z, so that on top of gradient descent
// the step is x - lr g + sqrt(2 lr T) z and the runs sample exp(-f / T).

struct OracleConsts {
  scale: f32, // sqrt(2 T / lr) at this step's learning rate
}

fn oracle_grad(x: vec2f, fg: vec3f, k: NoiseKey, c: OracleConsts) -> vec2f {
  let z = normal2(k.seed, k.run, k.step, 3u);
  return fg.yz + gradient_noise(k, 0u) + c.scale * z;
}
