// The view shared by the overlays of a landscape (points, trails, markers):
// which world box the target shows, and its size in device pixels.
// Composed before the overlay shaders.

struct RenderView {
  lo: vec2f,         // world coordinates at the bottom-left corner
  hi: vec2f,         // world coordinates at the top-right corner
  size: vec2f,       // target size in device pixels
  pixel_ratio: f32,  // device pixels per CSS pixel; other sizes are in CSS
  row_words: u32,    // words per row of the frame buffer (points.wgsl)
}

@group(0) @binding(0) var<uniform> render_view: RenderView;

// A clip position outside the volume: all four vertices of a skipped quad
// go there, so its triangles have no area and are clipped away.
const RENDER_CULLED = vec4f(2.0, 2.0, 2.0, 1.0);

// World to clip coordinates; y grows upwards in both.
fn render_to_clip(p: vec2f) -> vec2f {
  let span = render_view.hi - render_view.lo;
  return (p - render_view.lo) / span * 2.0 - 1.0;
}

// World to device pixels from the bottom-left corner (y up).
fn render_to_px(p: vec2f) -> vec2f {
  return (render_to_clip(p) * 0.5 + 0.5) * render_view.size;
}

// Device pixels from the bottom-left corner (y up) to clip coordinates.
fn render_px_to_clip(px: vec2f) -> vec4f {
  return vec4f(px / render_view.size * 2.0 - 1.0, 0.0, 1.0);
}

// Quads are drawn as six vertices each of one non-instanced triangle list:
// SwiftShader sets up every instance of an instanced draw on its own, which
// made 65,536 instanced quads cost 13 times more than this.
const RENDER_QUAD_VERTICES = 6u;

// The corner of quad vertex k (0 to 5), two triangles (-1, -1), (1, -1),
// (-1, 1) and (-1, 1), (1, -1), (1, 1): bit k of each mask says whether
// that coordinate is +1.
fn render_quad_corner(vertex: u32) -> vec2f {
  let k = vertex % RENDER_QUAD_VERTICES;
  let bits = vec2u((0x32u >> k) & 1u, (0x2cu >> k) & 1u);
  return vec2f(bits) * 2.0 - 1.0;
}
