// The fused optimization kernel: one invocation per run keeps position and
// optimizer state in registers for `steps` steps, reading and writing them
// once. It is composed as: common/random + kernels/layout + a landscape
// module + an optimizer module + a step adapter + a gradient oracle + this
// driver. The oracle forms the gradient the optimizer sees (plain, SAM,
// Entropy-SGD, ...) with the helpers `objective`, `gradient_noise` below.

override WORKGROUP_SIZE: u32 = 64u;
// Features fixed for a pipeline, so that an experiment without them pays
// nothing for their branches (SwiftShader runs untaken branches masked).
override NOISE_SHAPED: bool = false; // noise sigma |H|^(1/2) z, not sigma z
override AVERAGING: bool = false;    // stochastic weight averaging

// Per-dispatch settings, written before each dispatch.
struct Driver {
  step_offset: u32,  // steps taken before this dispatch
  steps: u32,        // steps in this dispatch
  seed: u32,         // experiment seed (keys the gradient noise)
  noise_sigma: f32,  // std of the noise added to each gradient coordinate
  grad_tol: f32,     // convergence: bound on the gradient norm
  loss_tol: f32,     // convergence: bound on |f_n - f_(n-1)| / (1 + |f_n|)
  traj_stride: u32,  // points per recorded path (total steps + 1)
  escape_lo: vec2f,  // a run leaving the box [escape_lo, escape_hi]
  escape_hi: vec2f,  //   has diverged
  swa_start: u32,    // first step averaged by SWA
  swa_every: u32,    // SWA averages every this many steps (AVERAGING)
}

// Which random numbers belong to this run at this step.
struct NoiseKey {
  seed: u32,    // experiment seed
  run: u32,     // global run index
  step: u32,    // the step being taken, from 1
  sigma: f32,   // the experiment's gradient noise
  shape: vec3f, // symmetric factor S = (sxx, sxy, syy): the noise is S z
}

// |H|^(1/2) of a symmetric 2x2 Hessian (hxx, hxy, hyy): the same
// eigenvectors, the square roots of the eigenvalues' magnitudes.
fn noise_shape(h: vec3f) -> vec3f {
  let mean = 0.5 * (h.x + h.z);
  let half_diff = 0.5 * (h.x - h.z);
  let r = sqrt(half_diff * half_diff + h.y * h.y);
  let a = sqrt(abs(mean + r));
  let b = sqrt(abs(mean - r));
  if (r == 0.0) {
    return vec3f(a, 0.0, a);
  }
  // S = (a + b) / 2 I + (a - b) / 2 N, N = (H - mean I) / r
  let p = 0.5 * (a + b);
  let q = 0.5 * (a - b) / r;
  return vec3f(p + q * half_diff, q * h.y, p - q * half_diff);
}

@group(0) @binding(0) var<uniform> drv: Driver;
@group(0) @binding(1) var<uniform> chunk: Chunk;
@group(0) @binding(2) var<uniform> lp: LandscapeParams;
// Step constants of this dispatch: consts[k] serves step step_offset + k + 1.
@group(0) @binding(3) var<storage, read> consts: array<OptConsts>;
@group(0) @binding(4) var<storage, read_write> runs: array<Run>;
// Optimizer state: 2 i for coordinate x of run i, 2 i + 1 for y.
@group(0) @binding(5) var<storage, read_write> opt_state: array<OptState>;
// Recorded paths: traj[slot * traj_stride + n] is the position after n
// steps of the run whose path slot is `slot`.
@group(0) @binding(6) var<storage, read_write> traj: array<vec2f>;
// Gradient-oracle constants: oracle_consts[k] serves the same step as
// consts[k].
@group(0) @binding(7) var<storage, read> oracle_consts: array<OracleConsts>;
// SWA: (mean x, mean y, iterates averaged, unused) per run; a placeholder
// when the optimizer has no SWA.
@group(0) @binding(8) var<storage, read_write> swa: array<vec4f>;
// Path slot of each run of the chunk; NO_PATH for runs without a path.
@group(0) @binding(9) var<storage, read> path_slot: array<u32>;

const NO_PATH: u32 = 0xffffffffu;

// The landscape at p: (f, df/dx, df/dy).
fn objective(p: vec2f) -> vec3f {
  return landscape_value_grad(p, lp);
}

// The experiment's gradient noise for one evaluation: sigma times a normal
// pair from `stream` of this run and step (stream 0 for the main one).
fn gradient_noise(k: NoiseKey, stream: u32) -> vec2f {
  if (k.sigma > 0.0) {
    let z = normal2(k.seed, k.run, k.step, stream);
    let s = k.shape;
    return k.sigma * vec2f(s.x * z.x + s.y * z.y, s.y * z.x + s.z * z.y);
  }
  return vec2f(0.0);
}

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
  let slot = path_slot[i];
  let record = slot != NO_PATH;
  var x = run.pos;
  var fg = landscape_value_grad(x, lp);
  var f_prev = fg.x;
  var mean = vec4f(0.0);
  if (AVERAGING) {
    mean = swa[i];
  }

  for (var k = 0u; k < drv.steps; k++) {
    let t = drv.step_offset + k + 1u; // the step being taken, from 1

    // the test for the point reached after t - 1 steps (the previous
    // dispatch tested its own last point)
    if (k > 0u && !converged(fg.yz, fg.x, f_prev)) {
      run.unconverged_at = t - 1u;
    }

    // the gradient the optimizer sees
    var shape = vec3f(1.0, 0.0, 1.0);
    if (NOISE_SHAPED) {
      shape = noise_shape(landscape_hessian(x, lp));
    }
    let key = NoiseKey(drv.seed, global_run, t, drv.noise_sigma, shape);
    let g = oracle_grad(x, fg, key, oracle_consts[k]);
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
      traj[slot * drv.traj_stride + t] = x;
    }
    if (AVERAGING && t >= drv.swa_start &&
        (t - drv.swa_start) % drv.swa_every == 0u) {
      let n = mean.z + 1.0;
      mean = vec4f(mean.xy + (x - mean.xy) / n, n, 0.0);
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
  if (AVERAGING) {
    swa[i] = mean;
  }
}
