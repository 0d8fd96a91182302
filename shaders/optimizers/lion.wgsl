// Lion (Chen et al., 2023): steps by the sign of an interpolation between
// the momentum and the current gradient, so every coordinate moves by
// exactly lr; the momentum is then updated with a slower decay beta2.

struct OptConsts {
  lr: f32,    // scheduled learning rate
  beta1: f32, // weight of the momentum in the step direction
  beta2: f32, // decay of the momentum
  wd: f32,    // decoupled weight decay
}

struct OptState {
  m: f32, // momentum: running mean of the gradient
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  let u = sign(c.beta1 * (*s).m + (1.0 - c.beta1) * g);
  (*s).m = c.beta2 * (*s).m + (1.0 - c.beta2) * g;
  return x - c.lr * (u + c.wd * x);
}
