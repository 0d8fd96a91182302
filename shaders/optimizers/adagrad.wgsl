// Adagrad (Duchi, Hazan and Singer, 2011): each coordinate's step is divided
// by the root of the sum of all its squared gradients so far, so steps only
// ever shrink.

struct OptConsts {
  lr: f32,  // scheduled learning rate
  eps: f32, // added to sqrt(g2_sum)
}

struct OptState {
  g2_sum: f32, // sum of the squared gradients so far
}

fn opt_update(x: f32, g: f32, s: ptr<function, OptState>,
              c: OptConsts) -> f32 {
  (*s).g2_sum = (*s).g2_sum + g * g;
  return x - c.lr * g / (sqrt((*s).g2_sum) + c.eps);
}
