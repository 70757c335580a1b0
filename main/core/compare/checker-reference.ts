// The 24-patch colour checker (ColorChecker Classic layout) the detector looks for: 6 columns by
// 4 rows, row by row from the brown "dark skin" patch to the black one, as the maker publishes the
// patches' sRGB values (D65). The detector uses them only to tell the chart's orientation and to
// judge whether a grid of squares is a checker at all; the colours it returns are those it reads.
import type { Rgb } from './colour';

export const CHECKER_COLS = 6;
export const CHECKER_ROWS = 4;
export const CHECKER_PATCHES = CHECKER_COLS * CHECKER_ROWS;

/** Row by row from the top left (dark skin) to the bottom right (black), the chart held landscape, labels below. */
export const CHECKER_REFERENCE_SRGB: readonly Rgb[] = [
  [115, 82, 68], [194, 150, 130], [98, 122, 157], [87, 108, 67], [133, 128, 177], [103, 189, 170],
  [214, 126, 44], [80, 91, 166], [193, 90, 99], [94, 60, 108], [157, 188, 64], [224, 163, 46],
  [56, 61, 150], [70, 148, 73], [175, 54, 60], [231, 199, 31], [187, 86, 149], [8, 133, 161],
  [243, 243, 242], [200, 200, 200], [160, 160, 160], [122, 122, 121], [85, 85, 85], [52, 52, 52],
];
