// How sharp the point each run ended at is, by several measures at once.
// Composed as: common/random + kernels/layout + a landscape module + this.
//
// - Hessian spectrum: both eigenvalues in closed form for the symmetric
//   2x2 Hessian (the trace and the condition number follow from them).
// - epsilon-sharpness (Keskar et al., ICLR 2017): the largest relative
//   loss increase (f(y) - f(x)) / (1 + |f(x)|) over the box
//   |y_i - x_i| <= epsilon (|x_i| + 1), searched over the four corners and
//   by projected sign-gradient ascent with halving steps.
// - SAM sharpness (Foret et al., ICLR 2021): f(x + rho g / |g|) - f(x).
// - Local entropy (Chaudhari et al., ICLR 2017): log of the mean of
//   exp(-f) over M Gaussian samples around x, by a streaming log-sum-exp.

override WORKGROUP_SIZE: u32 = 64u;

// Settings of the measures; the same for every run.
struct SharpnessParams {
  epsilon: f32,         // box half-width per unit of |x_i| + 1
  ascent_steps: u32,    // projected ascent steps after the corners
  rho: f32,             // SAM radius
  entropy_sigma: f32,   // std of the local-entropy samples
  entropy_samples: u32, // M, samples for the local entropy (at most 256)
  seed: u32,            // keys the local-entropy samples
}

// The measures of one run.
struct Sharpness {
  lambda_max: f32,    // top Hessian eigenvalue
  lambda_min: f32,    // bottom Hessian eigenvalue
  eps_sharpness: f32, // largest relative increase in the epsilon-box
  sam_sharpness: f32, // increase at the first-order worst rho-point
  local_entropy: f32, // log mean exp(-f) over the Gaussian samples
}

@group(0) @binding(0) var<uniform> chunk: Chunk;
@group(0) @binding(1) var<uniform> sp: SharpnessParams;
@group(0) @binding(2) var<uniform> lp: LandscapeParams;
@group(0) @binding(3) var<storage, read> runs: array<Run>;
@group(0) @binding(4) var<storage, read_write> out: array<Sharpness>;

fn sharpness_eigen(h: vec3f) -> vec2f {
  let mean = 0.5 * (h.x + h.z);
  let half_diff = 0.5 * (h.x - h.z);
  let r = sqrt(half_diff * half_diff + h.y * h.y);
  return vec2f(mean + r, mean - r);
}

fn sharpness_eps(x: vec2f, f0: f32) -> f32 {
  let delta = sp.epsilon * (abs(x) + 1.0);
  var best = f0;
  var best_point = x;
  for (var c = 0u; c < 4u; c++) {
    let corner = vec2f(select(-1.0, 1.0, (c & 1u) != 0u),
                       select(-1.0, 1.0, (c & 2u) != 0u));
    let y = x + corner * delta;
    let f = landscape_value_grad(y, lp).x;
    if (f > best) {
      best = f;
      best_point = y;
    }
  }
  // ascent from the midpoint between x and the best corner
  var y = 0.5 * (x + best_point);
  var step = 0.5 * delta;
  for (var k = 0u; k < sp.ascent_steps; k++) {
    let fg = landscape_value_grad(y, lp);
    if (fg.x > best) {
      best = fg.x;
    }
    y = clamp(y + step * sign(fg.yz), x - delta, x + delta);
    step *= 0.5;
  }
  best = max(best, landscape_value_grad(y, lp).x);
  return (best - f0) / (1.0 + abs(f0));
}

fn sharpness_sam(x: vec2f, fg: vec3f) -> f32 {
  let n = length(fg.yz);
  if (n == 0.0) {
    return 0.0;
  }
  return landscape_value_grad(x + (sp.rho / n) * fg.yz, lp).x - fg.x;
}

fn sharpness_entropy(x: vec2f, run: u32) -> f32 {
  let m = min(sp.entropy_samples, 256u);
  var top = -3.0e38; // running maximum of -f
  var sum = 0.0;     // sum of exp(-f - top)
  for (var j = 0u; j < m; j++) {
    let z = normal2(sp.seed, run, 0u, 256u + j);
    let v = -landscape_value_grad(x + sp.entropy_sigma * z, lp).x;
    if (v > top) {
      sum = sum * exp(top - v) + 1.0;
      top = v;
    } else {
      sum += exp(v - top);
    }
  }
  return top + log(sum / f32(m));
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= chunk.run_count) {
    return;
  }
  let x = runs[i].pos;
  let fg = landscape_value_grad(x, lp);
  let lambda = sharpness_eigen(landscape_hessian(x, lp));
  var s: Sharpness;
  s.lambda_max = lambda.x;
  s.lambda_min = lambda.y;
  s.eps_sharpness = sharpness_eps(x, fg.x);
  s.sam_sharpness = sharpness_sam(x, fg);
  s.local_entropy = sharpness_entropy(x, chunk.run_offset + i);
  out[i] = s;
}
