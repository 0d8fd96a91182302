// NAdam (Dozat, 2016) in the PyTorch form: Adam with a Nesterov look-ahead,
// mixing the current gradient and the first moment with weights from the
// momentum schedule mu_t = beta1 * (1 - 0.5 * 0.96^(t * psi)). The schedule
// and its running products are folded into g_coef and m_coef on the CPU.

struct OptConsts {
  beta1: f32,  // decay of the first moment
  beta2: f32,  // decay of the second moment
  eps: f32,    // added to sqrt(v_hat)
  bc2: f32,    // 1 - beta2^t
  g_coef: f32, // lr * (1 - mu_t) / (1 - mu_1 ... mu_t)
  m_coef: f32, // lr * mu_(t+1) / (1 - mu_1 ... mu_(t+1))
}

struct OptState {
  m: f32, // running mean of the gradient
  v: f32, // running mean of the squared gradient
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  (*s).m = c.beta1 * (*s).m + (1.0 - c.beta1) * g;
  (*s).v = c.beta2 * (*s).v + (1.0 - c.beta2) * g * g;
  let denom = sqrt((*s).v / c.bc2) + c.eps;
  return x - c.g_coef * (g / denom) - c.m_coef * ((*s).m / denom);
}
