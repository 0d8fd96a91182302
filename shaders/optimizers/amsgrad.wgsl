// AMSGrad (Reddi, Kale and Kumar, 2018) in the PyTorch form: Adam that
// divides by the largest second moment seen so far, so the effective step
// size never grows back.

struct OptConsts {
  lr: f32,    // scheduled learning rate
  beta1: f32, // decay of the first moment
  beta2: f32, // decay of the second moment
  eps: f32,   // added to sqrt(v_hat)
  bc1: f32,   // 1 - beta1^t
  bc2: f32,   // 1 - beta2^t
}

struct OptState {
  m: f32,     // running mean of the gradient
  v: f32,     // running mean of the squared gradient
  v_max: f32, // largest v so far
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  (*s).m = c.beta1 * (*s).m + (1.0 - c.beta1) * g;
  (*s).v = c.beta2 * (*s).v + (1.0 - c.beta2) * g * g;
  (*s).v_max = max((*s).v_max, (*s).v);
  let m_hat = (*s).m / c.bc1;
  let v_hat = (*s).v_max / c.bc2;
  return x - c.lr * m_hat / (sqrt(v_hat) + c.eps);
}
