// The fused optimization kernel: one invocation per run keeps position and
// optimizer state in registers for `steps` steps, reading and writing them
// once. It is composed as: common/random + kernels/layout + a landscape
// module + an optimizer module + a step adapter + this driver.

override WORKGROUP_SIZE: u32 = 64u;

// Per-dispatch settings, written before each dispatch.
struct Driver {
  step_offset: u32,  // steps taken before this dispatch
  steps: u32,        // steps in this dispatch
  seed: u32,         // experiment seed (keys the gradient noise)
  noise_sigma: f32,  // std of the noise added to each gradient coordinate
  grad_tol: f32,     // convergence: bound on the gradient norm
  loss_tol: f32,     // convergence: bound on |f_n - f_(n-1)| / (1 + |f_n|)
  traj_runs: u32,    // runs, from global index 0, whose path is recorded
  traj_stride: u32,  // points per recorded path (total steps + 1)
  escape_lo: vec2f,  // a run leaving the box [escape_lo, escape_hi]
  escape_hi: vec2f,  //   has diverged
}

@group(0) @binding(0) var<uniform> drv: Driver;
@group(0) @binding(1) var<uniform> chunk: Chunk;
@group(0) @binding(2) var<uniform> lp: LandscapeParams;
// Step constants of this dispatch: consts[k] serves step step_offset + k + 1.
@group(0) @binding(3) var<storage, read> consts: array<OptConsts>;
@group(0) @binding(4) var<storage, read_write> runs: array<Run>;
// Optimizer state: 2 i for coordinate x of run i, 2 i + 1 for y.
@group(0) @binding(5) var<storage, read_write> opt_state: array<OptState>;
// Recorded paths: traj[run * traj_stride + n] is the position after n steps.
@group(0) @binding(6) var<storage, read_write> traj: array<vec2f>;

// Whether the run counts as converged at this point.
fn converged(g: vec2f, f: f32, f_prev: f32) -> bool {
  let small_grad = dot(g, g) <= drv.grad_tol * drv.grad_tol;
  let small_change = abs(f - f_prev) <= drv.loss_tol * (1.0 + abs(f));
  return small_grad && small_change;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= chunk.run_count) {
    return;
  }
  var run = runs[i];
  if (run.diverged_at != 0u) {
    return; // frozen at its last finite position
  }

  // load
  var s0 = opt_state[2u * i];
  var s1 = opt_state[2u * i + 1u];
  let global_run = chunk.run_offset + i;
  let record = global_run < drv.traj_runs;
  var x = run.pos;
  var fg = landscape_value_grad(x, lp);
  var f_prev = fg.x;

  for (var k = 0u; k < drv.steps; k++) {
    let t = drv.step_offset + k + 1u; // the step being taken, from 1

    // the test for the point reached after t - 1 steps (the previous
    // dispatch tested its own last point)
    if (k > 0u && !converged(fg.yz, fg.x, f_prev)) {
      run.unconverged_at = t - 1u;
    }

    // gradient, with noise when the experiment asks for it
    var g = fg.yz;
    if (drv.noise_sigma > 0.0) {
      g += drv.noise_sigma * normal2(drv.seed, global_run, t, 0u);
    }
    var h = vec3f(0.0);
    if (OPT_NEEDS_HESSIAN) {
      h = landscape_hessian(x, lp);
    }

    // update
    let next = opt_step(x, g, h, &s0, &s1, consts[k]);
    let inside = all(next >= drv.escape_lo) && all(next <= drv.escape_hi);
    if (!is_finite2(next) || !inside) {
      run.diverged_at = t;
      break;
    }
    x = next;
    f_prev = fg.x;
    fg = landscape_value_grad(x, lp);
    if (record) {
      traj[global_run * drv.traj_stride + t] = x;
    }
  }

  // the test for the last point, unless the run stopped
  let t_end = drv.step_offset + drv.steps;
  if (run.diverged_at == 0u && !converged(fg.yz, fg.x, f_prev)) {
    run.unconverged_at = t_end;
  }

  // store
  run.pos = x;
  run.loss = fg.x;
  runs[i] = run;
  opt_state[2u * i] = s0;
  opt_state[2u * i + 1u] = s1;
}
