// The plain gradient oracle: the gradient at the current point, plus the
// experiment's Gaussian gradient noise when it has some.

struct OracleConsts {
  unused: f32, // the plain oracle has no constants
}

fn oracle_grad(x: vec2f, fg: vec3f, k: NoiseKey, c: OracleConsts) -> vec2f {
  return fg.yz + gradient_noise(k, 0u);
}
