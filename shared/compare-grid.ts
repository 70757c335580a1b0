// How a comparison of three or four photos is laid out when exported as one image (docs/compare.md,
// "Export a comparison"): all in one row, or two per row (2 × 2; three photos leave the last row's
// one panel centred). Every panel has the first photo's frame, so the choice depends only on that
// frame's aspect ratio: the layout whose panels come out largest when the whole image is shown on a
// 16:10 screen. Shared so the export form can say which layout the core will draw.

/** Panels per row and rows; `columns × rows ≥ count`. */
export interface GridLayout {
  readonly columns: number;
  readonly rows: number;
}

/** The screen shape the layout is chosen for (a 1280 × 800 or 1920 × 1200 display). */
const SCREEN_ASPECT = 16 / 10;
/** The caption band under each panel, as a share of the panel's height (about three lines). */
const BAND_SHARE = 0.15;

export function gridLayout(count: number, aspect: number): GridLayout {
  if (!Number.isInteger(count) || count < 3 || count > 4) throw new RangeError(`a grid has 3 or 4 photos, not ${count}`);
  if (!(aspect > 0) || !Number.isFinite(aspect)) throw new RangeError('the first photo has no frame');
  const candidates: GridLayout[] = [
    { columns: 2, rows: 2 },
    { columns: count, rows: 1 },
  ];
  /** The panel height when the whole grid is fitted in a screen of height 1. */
  const panelHeight = ({ columns, rows }: GridLayout) => Math.min(1 / (rows * (1 + BAND_SHARE)), SCREEN_ASPECT / (columns * aspect));
  // Ties go to the 2 × 2 grid (listed first): it keeps the image closer to the screen's shape.
  return candidates.reduce((best, c) => (panelHeight(c) > panelHeight(best) + 1e-9 ? c : best));
}
