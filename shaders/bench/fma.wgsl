// Peak arithmetic: every invocation runs eight independent chains of
// fused multiply-adds on vec4<f32>, x <- fma(x, a, b), so the device can
// overlap their latencies. Each iteration is 8 chains x 4 lanes = 32 FMAs,
// counted as 64 floating-point operations. a and b come from a uniform so
// that the compiler cannot fold the loop; the sum of the chains is written
// out so that it cannot drop it either.

override WORKGROUP_SIZE: u32 = 64u;

struct FmaParams {
  iterations: u32,  // loop trips per invocation
  invocations: u32, // invocations that do work (the rest return)
  row: u32,         // invocations per row of a two-dimensional dispatch
  a: f32,           // multiplier of every chain, in (0, 1) so it contracts
  b: f32,           // addend of every chain
}

@group(0) @binding(0) var<uniform> params: FmaParams;
// One value per invocation: the sum of its 32 chain ends.
@group(0) @binding(1) var<storage, read_write> sums: array<f32>;

// The start of chain j of invocation i, lane by lane: distinct values in
// [0, 2) so that no two chains are the same computation.
fn chain_start(i: u32, j: u32) -> vec4f {
  let base = f32(i % 1024u) / 1024.0 + f32(j) * 0.125;
  return vec4f(base, base + 0.03125, base + 0.0625, base + 0.09375);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.y * params.row + gid.x;
  if (i >= params.invocations) {
    return;
  }
  let a = vec4f(params.a);
  let b = vec4f(params.b);
  var c0 = chain_start(i, 0u);
  var c1 = chain_start(i, 1u);
  var c2 = chain_start(i, 2u);
  var c3 = chain_start(i, 3u);
  var c4 = chain_start(i, 4u);
  var c5 = chain_start(i, 5u);
  var c6 = chain_start(i, 6u);
  var c7 = chain_start(i, 7u);

  // the timed work
  for (var k = 0u; k < params.iterations; k++) {
    c0 = fma(c0, a, b);
    c1 = fma(c1, a, b);
    c2 = fma(c2, a, b);
    c3 = fma(c3, a, b);
    c4 = fma(c4, a, b);
    c5 = fma(c5, a, b);
    c6 = fma(c6, a, b);
    c7 = fma(c7, a, b);
  }

  // write back, in a fixed order the reference repeats
  let s = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7));
  sums[i] = (s.x + s.y) + (s.z + s.w);
}
