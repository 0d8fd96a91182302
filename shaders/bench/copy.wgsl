// Copy bandwidth: every invocation copies one 16-byte vector from src to
// dst. Words are copied as u32 so that every bit pattern survives. Bytes
// moved per dispatch: 16 read + 16 written per vector.

override WORKGROUP_SIZE: u32 = 256u;

struct CopyParams {
  count: u32, // vectors to copy
  row: u32,   // invocations per row of a two-dimensional dispatch
}

@group(0) @binding(0) var<uniform> params: CopyParams;
@group(0) @binding(1) var<storage, read> src: array<vec4u>;
@group(0) @binding(2) var<storage, read_write> dst: array<vec4u>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.y * params.row + gid.x;
  if (i < params.count) {
    dst[i] = src[i];
  }
}
