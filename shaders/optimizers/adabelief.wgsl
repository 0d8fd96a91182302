// AdaBelief (Zhuang et al., 2020): Adam whose second moment tracks the
// squared deviation of g from its running mean (the "belief"), so steps are
// large where the gradient is predictable and small where it is not.

struct OptConsts {
  lr: f32,    // scheduled learning rate
  beta1: f32, // decay of the first moment
  beta2: f32, // decay of the second moment
  eps: f32,   // added to s each step and to sqrt(s_hat)
  bc1: f32,   // 1 - beta1^t
  bc2: f32,   // 1 - beta2^t
}

struct OptState {
  m: f32, // running mean of the gradient
  s: f32, // running mean of (g - m)^2, plus eps each step
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  (*s).m = c.beta1 * (*s).m + (1.0 - c.beta1) * g;
  let r = g - (*s).m;
  (*s).s = c.beta2 * (*s).s + (1.0 - c.beta2) * r * r + c.eps;
  let m_hat = (*s).m / c.bc1;
  let s_hat = (*s).s / c.bc2;
  return x - c.lr * m_hat / (sqrt(s_hat) + c.eps);
}
