/**
 * Grow, shrink and feather of a mask's pixels, in plain arrays so they run the same in the page, in the
 * inpainting worker and in unit tests. Pixels are RGBA in the API's polarity: alpha 0 is painted.
 * Grow and shrink measure exact Euclidean distances (Felzenszwalb and Huttenlocher's distance transform,
 * https://cs.brown.edu/people/pfelzens/papers/dt-final.pdf), so any amount costs the same; feather is a
 * Gaussian blur approximated by three box blurs (http://blog.ivank.net/fastest-gaussian-blur.html).
 */

const FAR = 1e20;

/** How painted each pixel is, 0 to 1. */
function paintOf(rgba: Uint8ClampedArray, count: number): Float32Array {
  const paint = new Float32Array(count);
  for (let index = 0; index < count; index++) paint[index] = 1 - rgba[index * 4 + 3]! / 255;
  return paint;
}

function writePaint(rgba: Uint8ClampedArray, paint: Float32Array): void {
  for (let index = 0; index < paint.length; index++) {
    rgba[index * 4] = 255;
    rgba[index * 4 + 1] = 255;
    rgba[index * 4 + 2] = 255;
    rgba[index * 4 + 3] = Math.round((1 - Math.min(1, Math.max(0, paint[index]!))) * 255);
  }
}

/** One dimension of the squared distance transform, in place over `f` read with `stride`. */
function distance1d(
  f: Float64Array,
  start: number,
  stride: number,
  n: number,
  scratch: { d: Float64Array; v: Int32Array; z: Float64Array; g: Float64Array },
): void {
  const { d, v, z, g } = scratch;
  for (let q = 0; q < n; q++) g[q] = f[start + q * stride]!;
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s: number;
    for (;;) {
      const p = v[k]!;
      s = (g[q]! + q * q - (g[p]! + p * p)) / (2 * q - 2 * p);
      if (s > z[k]! || k === 0) break;
      k--;
    }
    if (s <= z[k]!) {
      // Only when k is 0 and the new parabola hides the first entirely.
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + g[p]!;
  }
  for (let q = 0; q < n; q++) f[start + q * stride] = d[q]!;
}

/** Each pixel's distance to the nearest pixel where `source` holds (Infinity when none does). */
export function distanceTo(source: (index: number) => boolean, width: number, height: number): Float64Array {
  const f = new Float64Array(width * height);
  for (let index = 0; index < f.length; index++) f[index] = source(index) ? 0 : FAR;
  const n = Math.max(width, height);
  const scratch = {
    d: new Float64Array(n),
    v: new Int32Array(n),
    z: new Float64Array(n + 1),
    g: new Float64Array(n),
  };
  for (let x = 0; x < width; x++) distance1d(f, x, width, height, scratch);
  for (let y = 0; y < height; y++) distance1d(f, y * width, 1, width, scratch);
  for (let index = 0; index < f.length; index++)
    f[index] = f[index]! >= FAR / 2 ? Infinity : Math.sqrt(f[index]!);
  return f;
}

/** Box radii whose three passes together blur like a Gaussian of `sigma`. */
export function boxRadii(sigma: number): [number, number, number] {
  const ideal = Math.sqrt((12 * sigma * sigma) / 3 + 1);
  let lower = Math.floor(ideal);
  if (lower % 2 === 0) lower--;
  const upper = lower + 2;
  const lowerCount = Math.round((12 * sigma * sigma - 3 * lower * lower - 12 * lower - 9) / (-4 * lower - 4));
  const sizes = [0, 1, 2].map((pass) => (pass < lowerCount ? lower : upper));
  return sizes.map((size) => Math.max(0, (size - 1) / 2)) as [number, number, number];
}

/** A running-sum box blur of radius `r` along rows (or columns), the edges held. */
function boxBlur(
  from: Float32Array,
  to: Float32Array,
  width: number,
  height: number,
  r: number,
  rows: boolean,
) {
  const [lines, length, step, lineStep] = rows ? [height, width, 1, width] : [width, height, width, 1];
  const span = 2 * r + 1;
  for (let line = 0; line < lines; line++) {
    const base = line * lineStep;
    const at = (i: number) => from[base + Math.min(length - 1, Math.max(0, i)) * step]!;
    let sum = 0;
    for (let i = -r; i <= r; i++) sum += at(i);
    for (let i = 0; i < length; i++) {
      to[base + i * step] = sum / span;
      sum += at(i + r + 1) - at(i - r);
    }
  }
}

/**
 * Changes `rgba` in place: `grow` px widens the painted area (negative shrinks it), `feather` px softens its
 * edge so the fade reaches about that far each way.
 */
export function adjustPaint(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  change: { grow: number } | { feather: number },
): void {
  const count = width * height;
  const paint = paintOf(rgba, count);
  if ('grow' in change) {
    const amount = Math.abs(change.grow);
    if (change.grow > 0) {
      const distance = distanceTo((index) => paint[index]! >= 0.5, width, height);
      for (let index = 0; index < count; index++) {
        paint[index] = Math.max(paint[index]!, Math.min(1, Math.max(0, amount + 1 - distance[index]!)));
      }
    } else {
      const distance = distanceTo((index) => paint[index]! < 0.5, width, height);
      for (let index = 0; index < count; index++) {
        paint[index] = Math.min(paint[index]!, Math.min(1, Math.max(0, distance[index]! - amount)));
      }
    }
  } else {
    // Three boxes of about sigma each reach three sigma: the fade stays within `feather` px.
    const sigma = change.feather / 3;
    if (sigma < 0.25) return;
    const other = new Float32Array(count);
    for (const r of boxRadii(sigma)) {
      const radius = Math.round(r);
      if (radius === 0) continue;
      boxBlur(paint, other, width, height, radius, true);
      boxBlur(other, paint, width, height, radius, false);
    }
  }
  writePaint(rgba, paint);
}
