// The plain gradient of a network's training step: that of its
// mini-batch at the current parameters (see nn/train.wgsl).

fn train_gradient(
  run: u32,
  t: u32,
  count: u32,
  full: bool,
  scale: f32,
) -> f32 {
  return train_batch(run, t, count, full);
}
