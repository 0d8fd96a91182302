// Heavy-ball momentum (Polyak, 1964) in the PyTorch form: v <- mu * v + g,
// x <- x - lr * v. With nesterov = 1 the same module takes the Nesterov step
// of Sutskever et al. (2013) as PyTorch writes it, from the current gradient:
// x <- x - lr * (g + mu * v).

struct OptConsts {
  lr: f32,       // scheduled learning rate
  mu: f32,       // momentum: the fraction of the velocity kept each step
  nesterov: f32, // 1 for the Nesterov step, 0 for heavy ball
}

struct OptState {
  v: f32, // velocity: decaying sum of past gradients
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  (*s).v = c.mu * (*s).v + g;
  let d = select((*s).v, g + c.mu * (*s).v, c.nesterov > 0.5);
  return x - c.lr * d;
}
