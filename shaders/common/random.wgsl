// Counter-based random numbers: a PCG hash of (seed, run, step, stream)
// gives four independent 32-bit words, so the noise of any run at any step
// is known without state and is the same on every dispatch split.
// Hash: Jarzynski and Olano, Hash Functions for GPU Rendering, JCGT 2020.

fn pcg4d(key: vec4u) -> vec4u {
  var v = key * 1664525u + 1013904223u;
  v.x += v.y * v.w;
  v.y += v.z * v.x;
  v.z += v.x * v.y;
  v.w += v.y * v.z;
  v ^= v >> vec4u(16u);
  v.x += v.y * v.w;
  v.y += v.z * v.x;
  v.z += v.x * v.y;
  v.w += v.y * v.z;
  return v;
}

// A word to a uniform number in (0, 1]: 24 bits, exact in f32.
fn unit_open0(u: u32) -> f32 {
  return f32((u >> 8u) + 1u) * (1.0 / 16777216.0);
}

// Two independent standard normal numbers by the Box-Muller transform.
fn normal2(seed: u32, run: u32, step: u32, stream: u32) -> vec2f {
  let h = pcg4d(vec4u(seed, run, step, stream));
  let r = sqrt(-2.0 * log(unit_open0(h.x)));
  let theta = 6.283185307179586 * unit_open0(h.y);
  return vec2f(r * cos(theta), r * sin(theta));
}
