// Buffer layouts shared by the kernels that touch runs. The TypeScript side
// reads sizes and offsets from this text (webgpu-utils), never by hand.

// One optimization run of a 2D landscape.
struct Run {
  pos: vec2f,          // current position; the last finite one once diverged
  loss: f32,           // loss at pos
  diverged_at: u32,    // step whose update left the region; 0 while inside
  unconverged_at: u32, // last step count at which the convergence test failed
}

// A block of runs processed by one dispatch (buffers have size limits).
struct Chunk {
  run_count: u32,  // runs in this chunk
  run_offset: u32, // global index of its first run
}

// Non-finite test on the bits: comparisons with NaN may be optimized away.
fn is_finite2(v: vec2f) -> bool {
  let e = bitcast<vec2u>(v) & vec2u(0x7f800000u);
  return all(e != vec2u(0x7f800000u));
}
