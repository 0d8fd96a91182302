// Diagonal Newton (Becker and LeCun, 1988): each coordinate's gradient is
// divided by the absolute value of its own second derivative plus a damping
// term, ignoring the off-diagonal curvature. The step is shortened to at
// most max_step in length, as for Newton.

struct OptConsts {
  lr: f32,       // scheduled learning rate: the fraction of the step taken
  damping: f32,  // added to abs(h_ii)
  max_step: f32, // longest step allowed
}

struct OptState {
  unused: f32, // diagonal Newton keeps no state
}

// Floor of abs(h_ii) + damping: keeps damping = 0 finite where h_ii = 0.
const newton_diag_min_curvature: f32 = 1e-12;

fn opt_update2(x: vec2f, g: vec2f, h: vec3f,
               s0: ptr<function, OptState>, s1: ptr<function, OptState>,
               c: OptConsts) -> vec2f {
  let dx = g.x / max(abs(h.x) + c.damping, newton_diag_min_curvature);
  let dy = g.y / max(abs(h.z) + c.damping, newton_diag_min_curvature);
  let p = c.lr * vec2f(dx, dy);
  let p_len = sqrt(p.x * p.x + p.y * p.y);
  let scale = c.max_step / max(p_len, c.max_step); // 1 unless too long
  return x - scale * p;
}
