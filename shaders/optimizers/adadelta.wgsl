// Adadelta (Zeiler, 2012): the step is the gradient scaled by the ratio of
// the RMS of past steps to the RMS of past gradients, so it carries the
// units of x and needs no learning rate (lr = 1 in the paper).

struct OptConsts {
  lr: f32,  // scheduled learning rate (a plain multiplier, 1 in the paper)
  rho: f32, // decay of both running means
  eps: f32, // added inside both square roots
}

struct OptState {
  v: f32, // running mean of the squared gradient
  u: f32, // running mean of the squared step
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  (*s).v = c.rho * (*s).v + (1.0 - c.rho) * g * g;
  let d = sqrt((*s).u + c.eps) / sqrt((*s).v + c.eps) * g;
  (*s).u = c.rho * (*s).u + (1.0 - c.rho) * d * d;
  return x - c.lr * d;
}
