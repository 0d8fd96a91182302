// Runs as small opaque squares, splatted by a compute shader into the frame:
// a buffer that holds the canvas's pixels (the cached heatmap copied in),
// copied to the canvas afterwards. A CPU adapter rasterises tiny triangles
// slowly (65,536 quads took 57 ms a frame on SwiftShader, these writes
// about 4 ms). The engine's runs are read straight from its storage
// buffers (array<Run> of kernels/layout.wgsl); positions from the page's
// CPU engine come as array<vec2f>.
// Composed after kernels/layout.wgsl and render/view.wgsl.

override WORKGROUP_SIZE: u32 = 64u;

// Largest square side in device pixels, so that one invocation's loop
// stays short.
const RENDER_MAX_POINT_PX = 16.0;

struct PointSource {
  color: u32,    // packed RGBA8 in the byte order of the canvas format
  count: u32,    // runs drawn by this dispatch
  first: u32,    // buffer index of the first drawn run
  stride: u32,   // draw every stride-th run (a fixed subsample)
  size_css: f32, // side of a square in CSS pixels
  diverged: u32, // 1: draw the diverged runs only; 0: the live ones only
}

// One packed pixel per word, rows of render_view.row_words words from the
// top (the layout of a buffer-to-texture copy).
@group(0) @binding(1) var<storage, read_write> frame: array<u32>;
@group(1) @binding(0) var<uniform> point_source: PointSource;
// Two views of binding 1; each entry point uses one of them.
@group(1) @binding(1) var<storage, read> runs: array<Run>;
@group(1) @binding(1) var<storage, read> positions: array<vec2f>;

// The buffer index of the i-th drawn run.
fn render_point_index(i: u32) -> u32 {
  return point_source.first + i * point_source.stride;
}

// Colours the pixels whose centres lie in the square around p.
fn render_splat(p: vec2f) {
  if (!is_finite2(p)) {
    return;
  }
  let size = point_source.size_css * render_view.pixel_ratio;
  let half_px = 0.5 * min(size, RENDER_MAX_POINT_PX);
  // pixels with y down, as the rows of the frame
  let up = render_to_px(p);
  let q = vec2f(up.x, render_view.size.y - up.y);
  // f32 to i32 saturates, so far-away points give an empty range
  let lo = max(vec2i(ceil(q - half_px - 0.5)), vec2i(0));
  let hi = min(vec2i(floor(q + half_px - 0.5)), vec2i(render_view.size) - 1);
  for (var y = lo.y; y <= hi.y; y++) {
    let row = u32(y) * render_view.row_words;
    for (var x = lo.x; x <= hi.x; x++) {
      frame[row + u32(x)] = point_source.color;
    }
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn cs_runs(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= point_source.count) {
    return;
  }
  let run = runs[render_point_index(gid.x)];
  // live and diverged runs in separate dispatches, so that the order in
  // which overlapping squares land is fixed
  if (u32(run.diverged_at != 0u) == point_source.diverged) {
    render_splat(run.pos);
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn cs_positions(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= point_source.count) {
    return;
  }
  render_splat(positions[render_point_index(gid.x)]);
}
