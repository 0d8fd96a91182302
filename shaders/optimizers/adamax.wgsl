// Adamax (Kingma and Ba, 2015, section 7.1) in the PyTorch form: Adam with
// the second moment replaced by an exponentially weighted infinity norm,
// u <- max(beta2 * u, abs(g) + eps).

struct OptConsts {
  lr: f32,    // scheduled learning rate
  beta1: f32, // decay of the first moment
  beta2: f32, // decay of the infinity norm
  eps: f32,   // added to abs(g) so that u never reaches zero
  bc1: f32,   // 1 - beta1^t
}

struct OptState {
  m: f32, // running mean of the gradient
  u: f32, // decaying maximum of abs(g)
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  (*s).m = c.beta1 * (*s).m + (1.0 - c.beta1) * g;
  (*s).u = max(c.beta2 * (*s).u, abs(g) + c.eps);
  return x - c.lr * ((*s).m / c.bc1) / (*s).u;
}
