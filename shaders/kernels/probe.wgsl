// Evaluates a landscape at given points: value, gradient and Hessian. Used
// to check each landscape module against its Float64 twin, and to sample
// the loss for drawing. Composed after a landscape module.

override WORKGROUP_SIZE: u32 = 64u;

struct Probe {
  count: u32, // points to evaluate
}

// What the probe returns for one point.
struct ProbeOut {
  value_grad: vec3f, // (f, df/dx, df/dy)
  hessian: vec3f,    // (hxx, hxy, hyy)
}

@group(0) @binding(0) var<uniform> probe: Probe;
@group(0) @binding(1) var<uniform> lp: LandscapeParams;
@group(0) @binding(2) var<storage, read> points: array<vec2f>;
@group(0) @binding(3) var<storage, read_write> out: array<ProbeOut>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= probe.count) {
    return;
  }
  let p = points[i];
  out[i] = ProbeOut(landscape_value_grad(p, lp), landscape_hessian(p, lp));
}
