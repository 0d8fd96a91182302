// Adam (Kingma and Ba, 2015): bias-corrected running means of the gradient
// and of its square. The same module serves Adam without bias correction
// (bc1 = bc2 = 1) and AdamW (decoupled weight decay wd > 0).

struct OptConsts {
  lr: f32,    // scheduled learning rate
  beta1: f32, // decay of the first moment
  beta2: f32, // decay of the second moment
  eps: f32,   // added to sqrt(v_hat)
  bc1: f32,   // 1 - beta1^t, or 1 without bias correction
  bc2: f32,   // 1 - beta2^t, or 1 without bias correction
  wd: f32,    // decoupled weight decay (AdamW), 0 for Adam
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
  let v_hat = (*s).v / c.bc2;
  return x - c.lr * (m_hat / (sqrt(v_hat) + c.eps) + c.wd * x);
}
