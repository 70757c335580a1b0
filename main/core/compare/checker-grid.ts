// Colour-checker detection, second step: candidate patches that sit on one grid. Each patch's own
// outline gives the directions of its neighbours; walking from neighbour to neighbour (each step
// near a whole patch pitch along the grid's two directions, as seen at the patch stepped from)
// gives every patch a lattice coordinate, following a perspective's slow change of pitch and angle.
// Plain numbers: testable without OpenCV.
import type { Point } from './checker-geometry';
import type { Quad } from './checker-quads';

/** Patches on one lattice: lattice coordinate "i,j" → candidate. */
export interface Lattice {
  readonly cells: ReadonlyMap<string, Quad>;
  /** Candidates the walk met that would have broken the lattice (two places, or one place twice). */
  readonly conflicts: number;
}

type Vec = readonly [number, number];
const sub = (p: Point, q: Point): Vec => [p[0] - q[0], p[1] - q[1]];
const len = (v: Vec) => Math.hypot(v[0], v[1]);
const key = (i: number, j: number) => `${i},${j}`;

/** The patch's two side vectors (mean of opposite sides): its own axes, a side long each. */
function sides(q: Quad): [Vec, Vec] {
  const [a, b, c, d] = q.corners;
  return [
    [(b[0] - a[0] + c[0] - d[0]) / 2, (b[1] - a[1] + c[1] - d[1]) / 2],
    [(d[0] - a[0] + c[0] - b[0]) / 2, (d[1] - a[1] + c[1] - b[1]) / 2],
  ];
}

/** Coordinates of `v` in the basis (e1, e2); null for a degenerate basis. */
function inBasis(v: Vec, [e1, e2]: [Vec, Vec]): Vec | null {
  const det = e1[0] * e2[1] - e1[1] * e2[0];
  if (Math.abs(det) < 1e-9) return null;
  return [(v[0] * e2[1] - v[1] * e2[0]) / det, (e1[0] * v[1] - e1[1] * v[0]) / det];
}

/** Pitch over patch side: a checker's frame between patches is about a sixth of the pitch; allow a wide margin. */
const STEP_MIN = 1.02;
const STEP_MAX = 1.9;

/** The direct (not diagonal) neighbours of each candidate: about one pitch along one of its own axes, and of a similar size. */
export function neighbours(quads: readonly Quad[]): number[][] {
  return quads.map((q, i) => {
    const basis = sides(q);
    const out: number[] = [];
    quads.forEach((r, j) => {
      if (i === j || r.area > 2 * q.area || r.area < q.area / 2) return;
      const ab = inBasis(sub(r.centre, q.centre), basis);
      if (!ab) return;
      const [a, b] = [Math.abs(ab[0]), Math.abs(ab[1])];
      const along = (x: number, y: number) => x >= STEP_MIN && x <= STEP_MAX && y < 0.3 * x;
      if (along(a, b) || along(b, a)) out.push(j);
    });
    return out;
  });
}

/** Walks the neighbour graph from `seed`, giving each candidate reached a lattice coordinate. */
export function walkLattice(quads: readonly Quad[], links: readonly number[][], seed: number, visited: Set<number>): Lattice {
  const seedQuad = quads[seed]!;
  const [e1, e2] = sides(seedQuad);
  // The lattice steps at the seed: its own axes, lengthened to the pitch its neighbours show.
  const ratios = links[seed]!.map((j) => inBasis(sub(quads[j]!.centre, seedQuad.centre), [e1, e2])).flatMap((ab) => (ab ? [Math.max(Math.abs(ab[0]), Math.abs(ab[1]))] : []));
  const k = ratios.length > 0 ? ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)]! : 1.2;
  const state = new Map<number, { i: number; j: number; u: Vec; v: Vec }>([[seed, { i: 0, j: 0, u: [e1[0] * k, e1[1] * k], v: [e2[0] * k, e2[1] * k] }]]);
  const cells = new Map<string, Quad>([[key(0, 0), seedQuad]]);
  let conflicts = 0;
  const queue = [seed];
  visited.add(seed);
  while (queue.length > 0) {
    const n = queue.shift()!;
    const at = state.get(n)!;
    for (const m of links[n]!) {
      const d = sub(quads[m]!.centre, quads[n]!.centre);
      // Which of the four lattice steps this is, judged by direction and length at the patch stepped from.
      const steps: Array<{ di: number; dj: number; s: Vec }> = [
        { di: 1, dj: 0, s: at.u },
        { di: -1, dj: 0, s: [-at.u[0], -at.u[1]] },
        { di: 0, dj: 1, s: at.v },
        { di: 0, dj: -1, s: [-at.v[0], -at.v[1]] },
      ];
      const scored = steps.map((st) => ({ ...st, cos: (d[0] * st.s[0] + d[1] * st.s[1]) / (len(d) * len(st.s)), ratio: len(d) / len(st.s) }));
      const best = scored.reduce((a, b) => (b.cos > a.cos ? b : a));
      if (best.cos < 0.85 || best.ratio < 0.7 || best.ratio > 1.4) continue;
      const i = at.i + best.di;
      const j = at.j + best.dj;
      const placed = state.get(m);
      if (placed) {
        if (placed.i !== i || placed.j !== j) conflicts++;
        continue;
      }
      if (cells.has(key(i, j)) || visited.has(m)) {
        conflicts++;
        continue;
      }
      // The step just taken is the best estimate of that lattice direction here; the other is inherited.
      const step: Vec = best.di !== 0 ? [d[0] * best.di, d[1] * best.di] : [d[0] * best.dj, d[1] * best.dj];
      state.set(m, { i, j, u: best.di !== 0 ? step : at.u, v: best.dj !== 0 ? step : at.v });
      cells.set(key(i, j), quads[m]!);
      visited.add(m);
      queue.push(m);
    }
  }
  return { cells, conflicts };
}

/** Every lattice of the candidates, largest first (each candidate in at most one). */
export function lattices(quads: readonly Quad[], minCells: number): Lattice[] {
  const links = neighbours(quads);
  const visited = new Set<number>();
  const found: Lattice[] = [];
  // Seeds with the most neighbours first: an inner patch of a chart sees four.
  const order = quads.map((_, i) => i).sort((a, b) => links[b]!.length - links[a]!.length);
  for (const seed of order) {
    if (visited.has(seed) || links[seed]!.length === 0) continue;
    const lattice = walkLattice(quads, links, seed, visited);
    if (lattice.cells.size >= minCells) found.push(lattice);
  }
  return found.sort((a, b) => b.cells.size - a.cells.size);
}

export const parseKey = (k: string): [number, number] => {
  const [i, j] = k.split(',').map(Number);
  return [i!, j!];
};
