/**
 * The colours of the drawing layer, defined once for the GPU and for the
 * page: viridis for the loss, Okabe-Ito for basins. The shaders receive
 * these tables as uniforms; the page draws legends and colour bars from
 * the same tables as CSS colours.
 */

/** A colour as (r, g, b), each in [0, 1]. */
export type Rgb = readonly [number, number, number];

/**
 * The 256 colours of viridis (van der Walt and Smith, matplotlib 2.0,
 * released CC0 at github.com/BIDS/colormap), as 8-bit sRGB hex. Viridis is
 * perceptually uniform, readable in grey scale and by colour-blind readers.
 */
const VIRIDIS_HEX =
  '44015444025645045745055946075a46085c460a5d460b5e470d60470e61471063471164' +
  '47136548146748166848176948186a481a6c481b6d481c6e481d6f481f70482071482173' +
  '482374482475482576482677482878482979472a7a472c7a472d7b472e7c472f7d46307e' +
  '46327e46337f463480453581453781453882443983443a83443b84433d84433e85423f85' +
  '4240864241864142874144874045884046883f47883f48893e49893e4a893e4c8a3d4d8a' +
  '3d4e8a3c4f8a3c508b3b518b3b528b3a538b3a548c39558c39568c38588c38598c375a8c' +
  '375b8d365c8d365d8d355e8d355f8d34608d34618d33628d33638d32648e32658e31668e' +
  '31678e31688e30698e306a8e2f6b8e2f6c8e2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e' +
  '2c728e2c738e2b748e2b758e2a768e2a778e2a788e29798e297a8e297b8e287c8e287d8e' +
  '277e8e277f8e27808e26818e26828e26828e25838e25848e25858e24868e24878e23888e' +
  '23898e238a8d228b8d228c8d228d8d218e8d218f8d21908d21918c20928c20928c20938c' +
  '1f948c1f958b1f968b1f978b1f988b1f998a1f9a8a1e9b8a1e9c891e9d891f9e891f9f88' +
  '1fa0881fa1881fa1871fa28720a38620a48621a58521a68522a78522a88423a98324aa83' +
  '25ab8225ac8226ad8127ad8128ae8029af7f2ab07f2cb17e2db27d2eb37c2fb47c31b57b' +
  '32b67a34b67935b77937b87838b9773aba763bbb753dbc743fbc7340bd7242be7144bf70' +
  '46c06f48c16e4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc863' +
  '5ec96260ca6063cb5f65cb5e67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d153' +
  '7ad1517cd2507fd34e81d34d84d44b86d54989d5488bd6468ed64590d74393d74195d840' +
  '98d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32addc30b0dd2fb2dd2db5de2b' +
  'b8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11cd2e21bd5e21a' +
  'd8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61e' +
  'f6e620f8e621fbe723fde725';

function parseHexTable(hex: string): Float32Array {
  const n = hex.length / 6;
  const out = new Float32Array(4 * n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const byte = parseInt(hex.slice(6 * i + 2 * c, 6 * i + 2 * c + 2), 16);
      out[4 * i + c] = byte / 255;
    }
    out[4 * i + 3] = 1;
  }
  return out;
}

/** Viridis as 256 RGBA entries in [0, 1], laid out as WGSL array<vec4f>. */
export const VIRIDIS_RGBA: Float32Array = parseHexTable(VIRIDIS_HEX);

/** Entries in the viridis table. */
export const VIRIDIS_SIZE = VIRIDIS_RGBA.length / 4;

/**
 * Viridis at t in [0, 1] (clamped), linear between the table's entries:
 * the Float64 twin of `render_viridis` in shaders/render/heatmap.wgsl.
 */
export function viridis(t: number): Rgb {
  const x = Math.min(Math.max(t, 0), 1) * (VIRIDIS_SIZE - 1);
  const i = Math.min(Math.floor(x), VIRIDIS_SIZE - 2);
  const f = x - i;
  const at = (k: number, c: number) => VIRIDIS_RGBA[4 * k + c]!;
  const mix = (c: number) => at(i, c) + (at(i + 1, c) - at(i, c)) * f;
  return [mix(0), mix(1), mix(2)];
}

/** A colour as CSS hex, e.g. '#440154'. */
export function cssHex(c: Rgb): string {
  const byte = (v: number) =>
    Math.round(Math.min(Math.max(v, 0), 1) * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${byte(c[0])}${byte(c[1])}${byte(c[2])}`;
}

/** Parses '#rrggbb' into (r, g, b) in [0, 1]. */
export function parseHex(css: string): Rgb {
  const m = /^#([0-9a-f]{6})$/i.exec(css);
  if (!m) throw new Error(`expected a colour as '#rrggbb', got '${css}'`);
  const v = parseInt(m[1]!, 16);
  return [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255];
}

/**
 * The Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2008)
 * without its black: seven hues that stay distinct under the common forms
 * of colour blindness.
 */
const OKABE_ITO = [
  '#e69f00', // orange
  '#56b4e9', // sky blue
  '#009e73', // bluish green
  '#f0e442', // yellow
  '#0072b2', // blue
  '#d55e00', // vermillion
  '#cc79a7', // reddish purple
] as const;

/** The class of runs that ended away from every known minimum. */
export const OTHER_COLOR = '#9a9a9a';
/** The class of runs that diverged; Okabe-Ito's black. */
export const DIVERGED_COLOR = '#000000';

function mixHex(css: string, towards: Rgb, amount: number): string {
  const c = parseHex(css);
  return cssHex([
    c[0] + (towards[0] - c[0]) * amount,
    c[1] + (towards[1] - c[1]) * amount,
    c[2] + (towards[2] - c[2]) * amount,
  ]);
}

/**
 * CSS colours of the basin classes, index = class: minima 0 ..
 * minimumCount - 1 in Okabe-Ito order (beyond seven, the hues again mixed
 * halfway to white, then a third darker, then repeating), then "other"
 * (grey) and "diverged" (black). The basin map and the page's legend both
 * use this list.
 */
export function basinColors(minimumCount: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < minimumCount; i++) {
    const hue = OKABE_ITO[i % OKABE_ITO.length]!;
    const variant = Math.floor(i / OKABE_ITO.length) % 3;
    if (variant === 0) out.push(hue);
    else if (variant === 1) out.push(mixHex(hue, [1, 1, 1], 0.5));
    else out.push(mixHex(hue, [0, 0, 0], 0.35));
  }
  out.push(OTHER_COLOR, DIVERGED_COLOR);
  return out;
}
