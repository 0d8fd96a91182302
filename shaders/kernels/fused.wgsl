// The fused optimization kernel: an invocation keeps the position and
// optimizer state of its runs (one, or RUNS_PER_INVOCATION) in registers
// for `steps` steps, reading and writing them once. It is composed as:
// common/random + kernels/layout + a landscape module + an optimizer
// module + a step adapter + a gradient oracle + this driver. The oracle
// forms the gradient the optimizer sees (plain, SAM, Entropy-SGD, ...)
// with the helpers `objective`, `gradient_noise` below.

override WORKGROUP_SIZE: u32 = 64u;
// Features fixed for a pipeline, so that an experiment without them pays
// nothing for their branches (SwiftShader runs untaken branches masked).
override NOISE_SHAPED: bool = false; // noise sigma |H|^(1/2) z, not sigma z
override AVERAGING: bool = false;    // stochastic weight averaging
override NOISE: bool = false;        // gradient noise (noise_sigma > 0)
override RECORD: bool = false;       // some run records its path
// Runs stepped by one invocation: 1 to 8. More than one gives a CPU
// implementation of WebGPU independent work to overlap; a GPU has its
// other invocations for that.
override RUNS_PER_INVOCATION: u32 = 1u;

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
// pair from `stream` of this run and step (stream 0 for the main one);
// zero in a pipeline without noise (NOISE off: sigma is 0).
fn gradient_noise(k: NoiseKey, stream: u32) -> vec2f {
  if (NOISE) {
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
  return small_grad & small_change;
}

// One run's state while a dispatch steps it.
struct Lane {
  index: u32,      // the run's index in the chunk
  stored: bool,    // whether the run is this invocation's to write back
  alive: bool,     // not diverged: still stepping
  run: Run,
  s0: OptState,    // optimizer state of coordinate x
  s1: OptState,    // optimizer state of coordinate y
  x: vec2f,        // position
  fg: vec3f,       // (f, df/dx, df/dy) at x
  f_prev: f32,     // f one step before
  slot: u32,       // path slot, NO_PATH for runs without a path
  mean: vec4f,     // SWA: (mean x, mean y, iterates averaged, unused)
}

// Loads run `i` of the chunk; an index past the chunk gives an idle lane.
fn lane_load(i: u32) -> Lane {
  var l: Lane;
  l.index = min(i, chunk.run_count - 1u);
  l.run = runs[l.index];
  l.alive = (i < chunk.run_count) & (l.run.diverged_at == 0u);
  l.stored = l.alive; // a frozen run is left as it is
  if (!l.alive) {
    return l;
  }
  l.s0 = opt_state[2u * l.index];
  l.s1 = opt_state[2u * l.index + 1u];
  l.slot = NO_PATH;
  if (RECORD) {
    l.slot = path_slot[l.index];
  }
  l.x = l.run.pos;
  l.fg = landscape_value_grad(l.x, lp);
  l.f_prev = l.fg.x;
  if (AVERAGING) {
    l.mean = swa[l.index];
  }
  return l;
}

// Step k of this dispatch, with the step's constants c and oc. Written
// without branches on the run's own values, which a CPU implementation
// runs as masked SIMD whose masked writes keep the lane's variables out of
// registers: conditions combine with `&` and `|`, since `&&` and `||`
// short-circuit, that is, branch (measured on SwiftShader, they cost a
// third of the kernel's time). A stopped run still computes, and its
// results are dropped by `select`: its position, loss and counters stay
// as they were (its optimizer state, which nothing reads, does not).
fn lane_step(lane: Lane, k: u32, c: OptConsts, oc: OracleConsts,
             swa_due: bool) -> Lane {
  var l = lane;
  let t = drv.step_offset + k + 1u; // the step being taken, from 1
  let live = l.alive;
  let x = l.x;
  let fg = l.fg;

  // the test for the point reached after t - 1 steps (the previous
  // dispatch tested its own last point)
  let unconverged = live & (k > 0u) & !converged(fg.yz, fg.x, l.f_prev);
  l.run.unconverged_at = select(l.run.unconverged_at, t - 1u, unconverged);

  // the gradient the optimizer sees
  var shape = vec3f(1.0, 0.0, 1.0);
  if (NOISE_SHAPED) {
    shape = noise_shape(landscape_hessian(x, lp));
  }
  let global_run = chunk.run_offset + l.index;
  let key = NoiseKey(drv.seed, global_run, t, drv.noise_sigma, shape);
  let g = oracle_grad(x, fg, key, oc);
  var h = vec3f(0.0);
  if (OPT_NEEDS_HESSIAN) {
    h = landscape_hessian(x, lp);
  }

  // update; a step to a non-finite point or out of the box stops the run
  // at its last finite position
  var s0 = l.s0;
  var s1 = l.s1;
  let next = opt_step(x, g, h, &s0, &s1, c);
  l.s0 = s0;
  l.s1 = s1;
  let inside = all(next >= drv.escape_lo) & all(next <= drv.escape_hi);
  let stops = live & (!is_finite2(next) | !inside);
  let moves = live & !stops;
  l.run.diverged_at = select(l.run.diverged_at, t, stops);
  l.alive = moves;
  let x_new = select(x, next, moves);
  l.x = x_new;
  l.f_prev = select(l.f_prev, fg.x, moves);
  l.fg = landscape_value_grad(x_new, lp);
  if (RECORD && (moves & (l.slot != NO_PATH))) {
    traj[l.slot * drv.traj_stride + t] = x_new;
  }
  if (AVERAGING) {
    let m = l.mean;
    let n = m.z + 1.0;
    let averaged = moves & swa_due;
    l.mean = select(m, vec4f(m.xy + (x_new - m.xy) / n, n, 0.0), averaged);
  }
  return l;
}

// Writes the run back after the dispatch's last step.
fn lane_store(l: Lane) {
  if (!l.stored) {
    return;
  }
  var run = l.run;
  // the test for the last point, unless the run stopped
  let t_end = drv.step_offset + drv.steps;
  if (l.alive && !converged(l.fg.yz, l.fg.x, l.f_prev)) {
    run.unconverged_at = t_end;
  }
  run.pos = l.x;
  run.loss = l.fg.x;
  runs[l.index] = run;
  opt_state[2u * l.index] = l.s0;
  opt_state[2u * l.index + 1u] = l.s1;
  if (AVERAGING) {
    swa[l.index] = l.mean;
  }
}

// Invocation i steps runs i, i + q, i + 2 q, ... (q = the chunk's runs
// over RUNS_PER_INVOCATION, rounded up): consecutive invocations touch
// consecutive runs, and the runs of one invocation are independent chains
// of arithmetic that a CPU core can overlap. The lanes are written out,
// since a loop over an array of lanes would index it at run time; those
// past RUNS_PER_INVOCATION are compiled out.
@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let R = RUNS_PER_INVOCATION;
  let q = (chunk.run_count + R - 1u) / R;
  let i = gid.x;
  if (i >= q) {
    return;
  }
  // lanes not loaded stay zero: idle, never stored
  var l0 = lane_load(i);
  var l1: Lane;
  var l2: Lane;
  var l3: Lane;
  var l4: Lane;
  var l5: Lane;
  var l6: Lane;
  var l7: Lane;
  if (R > 1u) { l1 = lane_load(i + q); }
  if (R > 2u) { l2 = lane_load(i + 2u * q); }
  if (R > 3u) { l3 = lane_load(i + 3u * q); }
  if (R > 4u) { l4 = lane_load(i + 4u * q); }
  if (R > 5u) { l5 = lane_load(i + 5u * q); }
  if (R > 6u) { l6 = lane_load(i + 6u * q); }
  if (R > 7u) { l7 = lane_load(i + 7u * q); }
  if (!(l0.alive | l1.alive | l2.alive | l3.alive | l4.alive | l5.alive |
        l6.alive | l7.alive)) {
    return;
  }

  for (var k = 0u; k < drv.steps; k++) {
    let c = consts[k];
    let oc = oracle_consts[k];
    // whether SWA averages the point this step reaches
    let t = drv.step_offset + k + 1u;
    let swa = AVERAGING && t >= drv.swa_start &&
              (t - drv.swa_start) % drv.swa_every == 0u;
    l0 = lane_step(l0, k, c, oc, swa);
    if (R > 1u) { l1 = lane_step(l1, k, c, oc, swa); }
    if (R > 2u) { l2 = lane_step(l2, k, c, oc, swa); }
    if (R > 3u) { l3 = lane_step(l3, k, c, oc, swa); }
    if (R > 4u) { l4 = lane_step(l4, k, c, oc, swa); }
    if (R > 5u) { l5 = lane_step(l5, k, c, oc, swa); }
    if (R > 6u) { l6 = lane_step(l6, k, c, oc, swa); }
    if (R > 7u) { l7 = lane_step(l7, k, c, oc, swa); }
  }

  lane_store(l0);
  if (R > 1u) { lane_store(l1); }
  if (R > 2u) { lane_store(l2); }
  if (R > 3u) { lane_store(l3); }
  if (R > 4u) { lane_store(l4); }
  if (R > 5u) { lane_store(l5); }
  if (R > 6u) { lane_store(l6); }
  if (R > 7u) { lane_store(l7); }
}
