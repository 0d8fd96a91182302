// RAdam (Liu et al., 2020) in the PyTorch form: Adam whose adaptive step is
// multiplied by a rectification r_t that corrects the variance of the early
// second moment. While rho_t <= 5 (the first few steps) the variance is not
// trustworthy and the step is bias-corrected momentum only (adaptive = 0).
// rho_t, r_t and the flag depend on t alone and come from the CPU.

struct OptConsts {
  lr: f32,       // scheduled learning rate
  beta1: f32,    // decay of the first moment
  beta2: f32,    // decay of the second moment
  eps: f32,      // added to sqrt(v)
  bc1: f32,      // 1 - beta1^t
  sqrt_bc2: f32, // sqrt(1 - beta2^t)
  rect: f32,     // rectification r_t (used when adaptive = 1)
  adaptive: f32, // 1 when rho_t > 5, else 0: the same for every run
}

struct OptState {
  m: f32, // running mean of the gradient
  v: f32, // running mean of the squared gradient
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  (*s).m = c.beta1 * (*s).m + (1.0 - c.beta1) * g;
  (*s).v = c.beta2 * (*s).v + (1.0 - c.beta2) * g * g;
  let m_hat = (*s).m / c.bc1;
  if (c.adaptive > 0.5) {
    let adaptive_lr = c.sqrt_bc2 / (sqrt((*s).v) + c.eps);
    return x - m_hat * c.lr * adaptive_lr * c.rect;
  }
  return x - m_hat * c.lr;
}
