import { loadOpenCv } from './main/core/compare/opencv';
import { detectChecker } from './main/core/compare/checker-detect';
import type { CheckerCv } from './main/core/compare/checker-quads';
import { decodeRgb } from './main/core/compare/decode';
import { checkerScene } from './main/core/compare/test-support/checker-scenes';
const cv = (await loadOpenCv()).cv as unknown as CheckerCv;
for (const covered of [[{ x: 0.3, y: 0.5, r: 0.6 }], [{ x: 0.3, y: 0.5, r: 0.6 }, { x: 5.5, y: 3.6, r: 0.7 }], [{ x: 0, y: 2, r: 1.2 }]]) {
  const s = await checkerScene({ width: 1800, height: 1200, seed: 61, cast: [1.2, 1, 0.8], noise: 5 }, { centre: [900, 600], pitch: 80, rotationDeg: 10, tilt: 0.1, covered });
  const d = detectChecker(cv, await decodeRgb(s.jpeg, 1600));
  console.log(JSON.stringify(covered), d.found, d.confidence.toFixed(2), d.found ? `${d.squares} fit=${d.fitDeltaE.toFixed(1)}` : d.reason);
}
process.exit(0);
