// signSGD and Signum (Bernstein et al., 2018): every coordinate moves by lr
// against the sign of its gradient (momentum = 0) or of a running mean of
// its gradient (Signum, momentum > 0).

struct OptConsts {
  lr: f32, // scheduled learning rate
  mu: f32, // momentum: decay of the running mean, 0 for plain signSGD
}

struct OptState {
  m: f32, // running mean of the gradient (the gradient itself when mu = 0)
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  (*s).m = c.mu * (*s).m + (1.0 - c.mu) * g;
  return x - c.lr * sign((*s).m);
}
