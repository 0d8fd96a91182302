// The loss as a heatmap: log-scaled, mapped through viridis, with contour
// lines evenly spaced in the log value. Composed after a landscape module.
// It is drawn into a cached texture only when the landscape, its parameters
// or the view change: evaluating the loss per pixel is the expensive part
// on a CPU adapter, and the frame loop only copies the cached pixels.

// Entries of the viridis table (src/render/colormap.ts).
const RENDER_VIRIDIS_SIZE = 256u;

struct Heatmap {
  lo: vec2f,     // world coordinates at the bottom-left corner
  hi: vec2f,     // world coordinates at the top-right corner
  size: vec2f,   // target size in pixels
  fmin: f32,     // the global minimum value of the loss
  eps: f32,      // added before the log so that fmin maps to a finite value
  log_lo: f32,   // log value at the bottom of the colour map
  log_hi: f32,   // log value at the top of the colour map
  levels: f32,   // contour bands between log_lo and log_hi
  line_px: f32,  // contour line width in pixels
  viridis: array<vec4f, RENDER_VIRIDIS_SIZE>, // rgb in [0, 1]
}

@group(0) @binding(0) var<uniform> heatmap: Heatmap;
@group(0) @binding(1) var<uniform> heatmap_lp: LandscapeParams;

// One triangle that covers the whole target.
@vertex
fn vs_heatmap(
  @builtin(vertex_index) vertex: u32,
) -> @builtin(position) vec4f {
  let uv = vec2f(f32((vertex << 1u) & 2u), f32(vertex & 2u));
  return vec4f(uv * 2.0 - 1.0, 0.0, 1.0);
}

// Non-finite test on the bits: comparisons with NaN may be optimized away.
fn render_is_finite(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}

// Viridis at t (clamped to [0, 1]), linear between table entries.
fn render_viridis(t: f32) -> vec3f {
  let x = clamp(t, 0.0, 1.0) * f32(RENDER_VIRIDIS_SIZE - 1u);
  let i = min(u32(x), RENDER_VIRIDIS_SIZE - 2u);
  let a = heatmap.viridis[i].rgb;
  let b = heatmap.viridis[i + 1u].rgb;
  return mix(a, b, x - f32(i));
}

@fragment
fn fs_heatmap(@builtin(position) frag: vec4f) -> @location(0) vec4f {
  // the pixel centre in world coordinates (frag.y grows downwards)
  let uv = vec2f(frag.x, heatmap.size.y - frag.y) / heatmap.size;
  let p = heatmap.lo + uv * (heatmap.hi - heatmap.lo);

  // log-scaled loss; a loss that overflowed is drawn as the top of the map
  let f = landscape_value_grad(p, heatmap_lp).x;
  let l = log(max(f - heatmap.fmin, 0.0) + heatmap.eps);
  var t = (l - heatmap.log_lo) / (heatmap.log_hi - heatmap.log_lo);
  if (!render_is_finite(t)) {
    t = 1.0;
  }
  var color = render_viridis(t);

  // contours: the distance to the nearest level in pixels, from the
  // screen-space derivative, so lines keep their width on steep walls
  let v = t * heatmap.levels;
  let d = abs(fract(v + 0.5) - 0.5) / max(fwidth(v), 1e-6);
  var cover = clamp(0.5 * heatmap.line_px + 0.5 - d, 0.0, 1.0);
  // interior levels only: beyond the ends the colour is clamped flat
  cover *= select(0.0, 1.0, v > 0.5 && v < heatmap.levels - 0.5);
  // dark ink on the bright half of the map, light ink on the dark half
  let lum = dot(color, vec3f(0.2126, 0.7152, 0.0722));
  let ink = select(vec3f(1.0), vec3f(0.0), lum > 0.35);
  color = mix(color, ink, 0.35 * cover);
  return vec4f(color, 1.0);
}
