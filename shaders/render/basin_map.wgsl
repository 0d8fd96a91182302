// A basin-of-attraction map: every cell of a grid of starts coloured by
// the class of the run that started there. One quad per chunk of runs,
// covering the grid rows the chunk touches; each fragment finds its cell
// and reads the class from the chunk's storage buffer, so the cost follows
// the canvas, not the grid (a 1024 x 1024 grid costs the same).
// Run index = iy * nx + ix with iy = 0 at the bottom row (y up).

struct BasinMap {
  grid: vec2u,      // cells per row (nx) and per column (ny)
  size: vec2f,      // target size in pixels
  run_offset: u32,  // global index of the first run of this chunk
  run_count: u32,   // runs in this chunk
  class_count: u32, // known classes; higher values are drawn as invalid
}

@group(0) @binding(0) var<uniform> basin_map: BasinMap;
@group(0) @binding(1) var<storage, read> classes: array<u32>;
// The colour of each class, then one for invalid values.
@group(0) @binding(2) var<storage, read> class_colors: array<vec4f>;

@vertex
fn vs_basin_map(
  @builtin(vertex_index) vertex: u32,
) -> @builtin(position) vec4f {
  // the rows from the chunk's first run to its last, in y-up clip space,
  // one pixel taller at both ends so that no boundary pixel is missed
  // (fragments of a neighbouring chunk's cells are discarded below)
  let nx = basin_map.grid.x;
  let first_row = basin_map.run_offset / nx;
  let end_row = (basin_map.run_offset + basin_map.run_count + nx - 1u) / nx;
  let rows = vec2f(f32(first_row), f32(end_row)) / f32(basin_map.grid.y);
  let pad = 1.0 / basin_map.size.y;
  let y = select(rows.x - pad, rows.y + pad, (vertex >> 1u) != 0u);
  let x = f32(vertex & 1u);
  return vec4f(vec2f(x, y) * 2.0 - 1.0, 0.0, 1.0);
}

@fragment
fn fs_basin_map(@builtin(position) frag: vec4f) -> @location(0) vec4f {
  // frag.y grows downwards; rows grow upwards
  let uv = vec2f(frag.x, basin_map.size.y - frag.y) / basin_map.size;
  let cell = min(vec2u(uv * vec2f(basin_map.grid)), basin_map.grid - 1u);
  let run = cell.y * basin_map.grid.x + cell.x;
  let local = run - basin_map.run_offset;
  // u32 wrap-around also rejects runs before the chunk
  if (local >= basin_map.run_count) {
    discard;
  }
  let c = min(classes[local], basin_map.class_count);
  return class_colors[c];
}
