// Markers for known critical points and the highlighted run, drawn as
// signed distance fields: a white stroke with a dark one-pixel outline, so
// that they read on both ends of the colour map.
// Composed after render/view.wgsl.

// Kinds of marker.
const RENDER_MINIMUM = 0u;   // a ring around a dot
const RENDER_SADDLE = 1u;    // a diagonal cross (saddles and maxima)
const RENDER_HIGHLIGHT = 2u; // a large thin ring

struct Marker {
  pos: vec2f,    // world position
  kind: u32,     // one of the kinds above
  size_css: f32, // diameter in CSS pixels
}

@group(1) @binding(0) var<storage, read> markers: array<Marker>;

struct MarkerOut {
  @builtin(position) position: vec4f,
  @location(0) local: vec2f, // pixels from the marker's centre
  @location(1) @interpolate(flat) kind: u32,
  @location(2) @interpolate(flat) radius: f32, // pixels
}

@vertex
fn vs_marker(@builtin(vertex_index) vertex: u32) -> MarkerOut {
  let m = markers[vertex / RENDER_QUAD_VERTICES];
  let radius = 0.5 * m.size_css * render_view.pixel_ratio;
  // two pixels of margin for the outline and its fade
  let local = render_quad_corner(vertex) * (radius + 2.0);
  let clip = render_px_to_clip(render_to_px(m.pos) + local);
  return MarkerOut(clip, local, m.kind, radius);
}

// Distance from p to the segment from the origin to b.
fn render_segment_distance(p: vec2f, b: vec2f) -> f32 {
  let h = clamp(dot(p, b) / dot(b, b), 0.0, 1.0);
  return length(p - b * h);
}

@fragment
fn fs_marker(frag_in: MarkerOut) -> @location(0) vec4f {
  let p = frag_in.local;
  let r = frag_in.radius;
  // signed distance to the white stroke, in pixels
  var d: f32;
  switch frag_in.kind {
    case RENDER_MINIMUM: {
      let ring = abs(length(p) - (r - 1.0)) - 1.0;
      d = min(ring, length(p) - 1.5);
    }
    case RENDER_SADDLE: {
      // both diagonals, folded into one quadrant
      d = render_segment_distance(abs(p), vec2f(0.7 * r)) - 1.0;
    }
    default: {
      d = abs(length(p) - (r - 1.0)) - 0.75;
    }
  }
  // premultiplied: white where the stroke is, black in the outline
  let stroke = clamp(0.5 - d, 0.0, 1.0);
  let outline = clamp(1.5 - d, 0.0, 1.0);
  return vec4f(vec3f(stroke), outline);
}
