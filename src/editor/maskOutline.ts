/**
 * The painted area's outline, for the marching ants: marching squares over the mask's alpha, sampled on a
 * coarse grid so a 4000 px mask is traced in a few milliseconds, once per change rather than per frame. The
 * segments are joined into polylines so a dash pattern runs along them instead of restarting every cell.
 */

/** Flat [x0, y0, x1, y1, ...] polylines in natural pixels. */
export type Outline = number[][];

/**
 * The sides (0 top, 1 right, 2 bottom, 3 left) each marching-squares case joins, by the case's corners
 * (top-left 8, top-right 4, bottom-right 2, bottom-left 1), every edge running the same way round the paint.
 */
const CELL_EDGES: Record<number, readonly (readonly [number, number])[]> = {
  1: [[2, 3]],
  2: [[1, 2]],
  3: [[1, 3]],
  4: [[0, 1]],
  5: [
    [0, 3],
    [2, 1],
  ],
  6: [[0, 2]],
  7: [[0, 3]],
  8: [[3, 0]],
  9: [[2, 0]],
  10: [
    [1, 0],
    [3, 2],
  ],
  11: [[1, 0]],
  12: [[3, 1]],
  13: [[2, 1]],
  14: [[3, 2]],
};

/** The longest side the grid samples: finer than the eye can follow on screen, cheap to trace. */
const GRID_CELLS = 640;

/**
 * Traces where `painted(x, y)` (natural pixels) changes, sampled every `step` pixels; outside the image
 * counts as unpainted, so paint reaching the edge is closed by it.
 */
export function traceOutline(
  painted: (x: number, y: number) => boolean,
  size: { width: number; height: number },
): Outline {
  const step = Math.max(1, Math.max(size.width, size.height) / GRID_CELLS);
  const columns = Math.ceil(size.width / step) + 2;
  const rows = Math.ceil(size.height / step) + 2;
  // Samples at cell centres, padded by one unpainted sample all round.
  const inside = new Uint8Array(columns * rows);
  for (let row = 1; row < rows - 1; row++) {
    for (let column = 1; column < columns - 1; column++) {
      const x = Math.min(size.width - 1, (column - 0.5) * step);
      const y = Math.min(size.height - 1, (row - 0.5) * step);
      inside[row * columns + column] = painted(Math.floor(x), Math.floor(y)) ? 1 : 0;
    }
  }
  // Edges keyed by their ends, in grid units doubled so midpoints are whole numbers.
  const next = new Map<number, number>();
  const key = (x: number, y: number) => y * (columns * 2 + 1) + x;
  const add = (ax: number, ay: number, bx: number, by: number) => next.set(key(ax, ay), key(bx, by));
  for (let row = 0; row < rows - 1; row++) {
    for (let column = 0; column < columns - 1; column++) {
      const tl = inside[row * columns + column]!;
      const tr = inside[row * columns + column + 1]!;
      const br = inside[(row + 1) * columns + column + 1]!;
      const bl = inside[(row + 1) * columns + column]!;
      const cell = (tl << 3) | (tr << 2) | (br << 1) | bl;
      if (cell === 0 || cell === 15) continue;
      const [x, y] = [column * 2, row * 2];
      // The midpoints of the cell's sides: top, right, bottom, left.
      const sides = [
        [x + 1, y],
        [x + 2, y + 1],
        [x + 1, y + 2],
        [x, y + 1],
      ] as const;
      const edges = CELL_EDGES[cell]!.map(([from, to]) => [sides[from]!, sides[to]!] as const);
      for (const [from, to] of edges) add(from[0], from[1], to[0], to[1]);
    }
  }
  const width = columns * 2 + 1;
  const toNatural = (value: number, limit: number) => Math.min(limit, Math.max(0, (value / 2 - 0.5) * step));
  const outline: Outline = [];
  for (const start of next.keys()) {
    if (!next.has(start)) continue;
    const line: number[] = [];
    let at: number | undefined = start;
    while (at !== undefined && next.has(at)) {
      line.push(toNatural(at % width, size.width), toNatural(Math.floor(at / width), size.height));
      const following: number = next.get(at)!;
      next.delete(at);
      at = following;
    }
    if (at !== undefined)
      line.push(toNatural(at % width, size.width), toNatural(Math.floor(at / width), size.height));
    if (line.length >= 4) outline.push(line);
  }
  return outline;
}
