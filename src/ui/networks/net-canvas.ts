/**
 * Small helpers of the network page's 2D canvases: sizing for the
 * device's pixel ratio, and the pixel census the page's tests read.
 */

/** Sizes a canvas to `w` x `h` CSS pixels at the device's pixel ratio and
 * returns its context, scaled so that drawing is in CSS pixels. */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  w: number,
  h: number,
): CanvasRenderingContext2D | null {
  const dpr = Math.min(2, window.devicePixelRatio || 1);
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(h * dpr);
  canvas.style.width = `${w}px`;
  canvas.style.height = `${h}px`;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** What a canvas shows, roughly: painted pixels and distinct colours. */
export interface Ink {
  /** Pixels that are not transparent. */
  painted: number;
  /** Coarse colours (5 bits a channel) covering 0.5% or more of it. */
  colors: number;
  /** Pixels within a small distance of any of the `match` colours. */
  matching: number;
  /** Of those, the pixels nearest each `match` colour, in its order. */
  byColor: number[];
}

/** Counts what a 2D canvas shows; `match` colours as '#rrggbb'. */
export function inkOf(
  canvas: HTMLCanvasElement | null | undefined,
  match: readonly string[] = [],
): Ink {
  const none = { painted: 0, colors: 0, matching: 0, byColor: [] };
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx || canvas.width === 0) return none;
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const rgb = match.map((h) => {
    const v = parseInt(h.slice(1), 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255] as const;
  });
  const bins = new Map<number, number>();
  let painted = 0;
  let matching = 0;
  const byColor = match.map(() => 0);
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3]! < 128) continue;
    painted++;
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    const key = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
    bins.set(key, (bins.get(key) ?? 0) + 1);
    let nearest = -1;
    let best = 49;
    rgb.forEach(([x, y, z], k) => {
      const d = Math.abs(r - x) + Math.abs(g - y) + Math.abs(b - z);
      if (d < best) [nearest, best] = [k, d];
    });
    if (nearest >= 0) {
      matching++;
      byColor[nearest]!++;
    }
  }
  const total = canvas.width * canvas.height;
  let colors = 0;
  for (const n of bins.values()) if (n >= 0.005 * total) colors++;
  return { painted, colors, matching, byColor };
}
