// Saddle-free Newton (Dauphin et al., 2014) with Levenberg-Marquardt
// damping: the Newton step with every Hessian eigenvalue lambda replaced by
// abs(lambda) + damping, so negative curvature pushes away from saddles and
// maxima instead of towards them. The step is lr * H_reg^-1 g, shortened to
// at most max_step in length (a trust-region-like clamp).
//
// With mean = (hxx + hyy) / 2 and r = sqrt(((hxx - hyy) / 2)^2 + hxy^2) the
// Hessian is H = mean I + r N, where N = [[nc, ns], [ns, -nc]] has
// eigenvalues +1 and -1. So H has eigenvalues mean + r and mean - r with
// projectors (I + N) / 2 and (I - N) / 2, and any function f of H is
// (f1 + f2) / 2 I + (f1 - f2) / 2 N: no eigenvectors needed. When r = 0
// (an isotropic Hessian) f1 = f2 and N is irrelevant; N = diag(1, -1) then.

struct OptConsts {
  lr: f32,       // scheduled learning rate: the fraction of the step taken
  damping: f32,  // added to every abs(eigenvalue)
  max_step: f32, // longest step allowed
}

struct OptState {
  unused: f32, // Newton keeps no state
}

// Floor of abs(lambda) + damping: keeps damping = 0 finite at a singular
// Hessian.
const newton_min_curvature: f32 = 1e-12;

fn opt_update2(x: vec2f, g: vec2f, h: vec3f,
               s0: ptr<function, OptState>, s1: ptr<function, OptState>,
               c: OptConsts) -> vec2f {
  let mean = 0.5 * (h.x + h.z);
  let d_half = 0.5 * (h.x - h.z);
  let r = sqrt(d_half * d_half + h.y * h.y);
  let anisotropic = r > 0.0;
  let r_safe = select(1.0, r, anisotropic);
  let nc = select(1.0, d_half / r_safe, anisotropic);
  let ns = select(0.0, h.y / r_safe, anisotropic);
  let f1 = 1.0 / max(abs(mean + r) + c.damping, newton_min_curvature);
  let f2 = 1.0 / max(abs(mean - r) + c.damping, newton_min_curvature);
  let a = 0.5 * (f1 + f2);
  let b = 0.5 * (f1 - f2);
  let ng = vec2f(nc * g.x + ns * g.y, ns * g.x - nc * g.y);
  let p = c.lr * (a * g + b * ng);
  let p_len = sqrt(p.x * p.x + p.y * p.y);
  let scale = c.max_step / max(p_len, c.max_step); // 1 unless too long
  return x - scale * p;
}
