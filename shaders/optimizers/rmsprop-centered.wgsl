// Centered RMSprop (Graves, 2013, as PyTorch's centered=True): divides by the
// root of a running variance, the mean of squares minus the square of the
// running mean, instead of the raw mean of squares.

struct OptConsts {
  lr: f32,    // scheduled learning rate
  alpha: f32, // decay of both running means
  eps: f32,   // added to the root of the variance
}

struct OptState {
  v: f32, // running mean of the squared gradient
  m: f32, // running mean of the gradient
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  (*s).v = c.alpha * (*s).v + (1.0 - c.alpha) * g * g;
  (*s).m = c.alpha * (*s).m + (1.0 - c.alpha) * g;
  // v - m^2 >= 0 in exact arithmetic; the max keeps rounding out of sqrt.
  let variance = max((*s).v - (*s).m * (*s).m, 0.0);
  return x - c.lr * g / (sqrt(variance) + c.eps);
}
