// Gradient descent: x <- x - lr * g. With gradient noise (sigma > 0 in the
// experiment) it is stochastic gradient descent.

struct OptConsts {
  lr: f32, // scheduled learning rate
}

struct OptState {
  unused: f32, // gradient descent keeps no state
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  return x - c.lr * g;
}
