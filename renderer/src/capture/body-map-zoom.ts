// The body map's zoom levels. The figure is drawn at a fixed height (MAP_HEIGHT_PX), so each
// level's viewBox fixes the on-screen size of every region; a region is offered as a target only
// at the levels where it is at least MIN_TARGET_PX square, so a finger can hit it at 1280 × 800.
// The whole figure shows the large regions; zooming to the head, trunk, arms or legs shows the rest.
import { regionBox, type MapRegion } from './body-map-regions';

export const MAP_HEIGHT_PX = 330;
export const MIN_TARGET_PX = 32;

export const ZOOMS = ['whole', 'head', 'trunk', 'arms', 'legs'] as const;
export type Zoom = (typeof ZOOMS)[number];

/** [x, y, width, height] in map units (the silhouette is 200 × 360). */
export const ZOOM_BOXES: Readonly<Record<Zoom, readonly [number, number, number, number]>> = {
  whole: [0, 0, 200, 360],
  head: [62, 2, 76, 84],
  trunk: [56, 84, 88, 112],
  arms: [40, 86, 120, 132],
  legs: [56, 184, 88, 170],
};

export const scaleOf = (zoom: Zoom): number => MAP_HEIGHT_PX / ZOOM_BOXES[zoom][3];
export const mapWidthPx = (zoom: Zoom): number => Math.round(ZOOM_BOXES[zoom][2] * scaleOf(zoom));

/** True when the region lies inside the level's box and is large enough to be a target there. */
export function isTargetAt(region: MapRegion, zoom: Zoom): boolean {
  const [x, y, w, h] = ZOOM_BOXES[zoom];
  const b = regionBox(region.shape);
  const inside = b.x >= x - 0.01 && b.y >= y - 0.01 && b.x + b.w <= x + w + 0.01 && b.y + b.h <= y + h + 0.01;
  const k = scaleOf(zoom);
  return inside && b.w * k >= MIN_TARGET_PX && b.h * k >= MIN_TARGET_PX;
}

/** The closest level at which the region is a target (the whole figure first). */
export const zoomFor = (region: MapRegion): Zoom | null => ZOOMS.find((z) => isTargetAt(region, z)) ?? null;
