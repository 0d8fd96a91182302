// Sharpness-aware minimization for networks (Foret et al., ICLR 2021;
// adaptive SAM, Kwon et al., ICML 2021): the gradient that the
// optimizer applies at w is that of the same mini-batch at the
// first-order worst point of a ball around w,
//   w + e,  e = rho T^2 g / (|T g| + 1e-12),  g the gradient at w,
// T = 1 for SAM and |w_i| + eta per coordinate for adaptive SAM. Both
// gradients include the penalty's (l2 w, then l2 (w + e)). The loss
// reported is the one at w. Composed with nn/network_sam (or its
// generated twin) in place of nn/gradient_plain; the twin is
// samGradient in src/nn/reference.ts.

// SAM's per-coordinate scale T_i: 1, or |w_i| + eta.
fn net_sam_scale(x: f32, s: NetSam) -> f32 {
  return select(1.0, abs(x) + s.eta, s.adaptive != 0u);
}

fn train_gradient(
  run: u32,
  t: u32,
  count: u32,
  full: bool,
  scale: f32,
) -> f32 {
  // at w
  let loss = train_batch(run, t, count, full);
  // at w + e, the same examples
  network_ascend(scale, drv.l2, drv.sam);
  _ = train_batch(run, t, count, full);
  network_descend(scale, drv.l2);
  return loss;
}
