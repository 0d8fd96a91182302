// Low-pass-filter SGD (Bisla et al., AISTATS 2022): the gradient averaged
// over M Gaussian perturbations of the point, that is the gradient of the
// loss convolved with a Gaussian of width sigma, which smooths away sharp
// minima narrower than sigma.

const LPF_MAX_SAMPLES: u32 = 64u;

struct OracleConsts {
  sigma: f32,   // width of the Gaussian filter
  samples: f32, // M, the perturbed points averaged (at most 64)
}

fn oracle_grad(x: vec2f, fg: vec3f, k: NoiseKey, c: OracleConsts) -> vec2f {
  let xi = gradient_noise(k, 0u);
  let m = min(u32(c.samples), LPF_MAX_SAMPLES);
  var sum = vec2f(0.0);
  for (var j = 0u; j < m; j++) {
    let z = normal2(k.seed, k.run, k.step, 4u + j);
    sum += objective(x + c.sigma * z).yz;
  }
  return sum / f32(m) + xi;
}
