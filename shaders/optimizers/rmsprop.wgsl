// RMSprop (Tieleman and Hinton, 2012, lecture 6.5): the gradient divided by
// the root of a running mean of its square.

struct OptConsts {
  lr: f32,    // scheduled learning rate
  alpha: f32, // decay of the running mean of squares
  eps: f32,   // added to sqrt(v)
}

struct OptState {
  v: f32, // running mean of the squared gradient
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  (*s).v = c.alpha * (*s).v + (1.0 - c.alpha) * g * g;
  return x - c.lr * g / (sqrt((*s).v) + c.eps);
}
