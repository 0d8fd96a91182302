// Adam (Kingma and Ba, 2015): bias-corrected running means of the gradient
// and of its square. The same module serves Adam without bias correction
// (both corrections 1) and AdamW (decoupled weight decay wd > 0).
//
// The bias corrections are folded into two per-step constants, as the
// paper suggests (section 2) and as common implementations do:
//   lr m_hat / (sqrt(v_hat) + eps) = step m / (sqrt(v) / sqrt(bc2) + eps)
// with step = lr / bc1, bc1 = 1 - beta1^t and bc2 = 1 - beta2^t: the same
// update with one division a coordinate instead of three.

struct OptConsts {
  lr: f32,           // scheduled learning rate
  beta1: f32,        // decay of the first moment
  beta2: f32,        // decay of the second moment
  eps: f32,          // added to sqrt(v_hat)
  step: f32,         // lr / (1 - beta1^t), or lr without bias correction
  inv_sqrt_bc2: f32, // 1 / sqrt(1 - beta2^t), or 1 without bias correction
  wd: f32,           // decoupled weight decay (AdamW), 0 for Adam
}

struct OptState {
  m: f32, // running mean of the gradient
  v: f32, // running mean of the squared gradient
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  (*s).m = c.beta1 * (*s).m + (1.0 - c.beta1) * g;
  (*s).v = c.beta2 * (*s).v + (1.0 - c.beta2) * g * g;
  let denom = sqrt((*s).v) * c.inv_sqrt_bc2 + c.eps; // sqrt(v_hat) + eps
  return x - c.step * ((*s).m / denom) - c.lr * c.wd * x;
}
