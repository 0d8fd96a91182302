// Recorded paths as anti-aliased lines: each segment a thin quad (six
// vertices) with its edges faded over one pixel.
// Path r holds its points at [r * stride, (r + 1) * stride); points not yet
// reached, or past a divergence, are NaN, and a segment that touches one is
// skipped. Long paths are decimated: a segment spans `step` points.
// Composed after kernels/layout.wgsl and render/view.wgsl.

struct TrailSource {
  color: vec4f,   // premultiplied colour of the line
  stride: u32,    // points per path in the buffer
  segments: u32,  // segments drawn per path
  step: u32,      // buffer points spanned by one drawn segment
  last: u32,      // index within a path of the last point to draw
  width_css: f32, // line width in CSS pixels
}

@group(1) @binding(0) var<uniform> trail: TrailSource;
@group(1) @binding(1) var<storage, read> trail_points: array<vec2f>;

fn render_trail_width_px() -> f32 {
  return trail.width_css * render_view.pixel_ratio;
}

struct TrailOut {
  @builtin(position) position: vec4f,
  @location(0) across: f32, // signed distance from the centre line, pixels
}

@vertex
fn vs_trail(@builtin(vertex_index) vertex: u32) -> TrailOut {
  let segment = vertex / RENDER_QUAD_VERTICES;
  let path = segment / trail.segments;
  let a = (segment % trail.segments) * trail.step;
  let b = min(a + trail.step, trail.last);
  let pa = trail_points[path * trail.stride + a];
  let pb = trail_points[path * trail.stride + b];
  if (a >= b || !is_finite2(pa) || !is_finite2(pb)) {
    return TrailOut(RENDER_CULLED, 0.0);
  }

  // the quad in pixels: half a width plus one pixel of fade on each side,
  // extended by as much past both ends so that joints have no gaps
  let sa = render_to_px(pa);
  let sb = render_to_px(pb);
  let len = length(sb - sa);
  let along = select(vec2f(1.0, 0.0), (sb - sa) / len, len > 1e-6);
  let normal = vec2f(-along.y, along.x);
  let half_px = 0.5 * render_trail_width_px() + 1.0;
  let corner = render_quad_corner(vertex);
  let tip = along * half_px;
  let end_px = select(sa - tip, sb + tip, corner.x > 0.0);
  let px = end_px + normal * (corner.y * half_px);
  return TrailOut(render_px_to_clip(px), corner.y * half_px);
}

@fragment
fn fs_trail(frag_in: TrailOut) -> @location(0) vec4f {
  let edge = 0.5 * render_trail_width_px() + 0.5;
  let cover = clamp(edge - abs(frag_in.across), 0.0, 1.0);
  return trail.color * cover;
}
