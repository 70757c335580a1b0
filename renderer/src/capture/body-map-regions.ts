// The clickable regions of the body map: simple shapes on a front and a back silhouette, each
// mapped to a SNOMED CT site from the shipped value set and a side. The figures face the viewer
// on the front (the patient's right is on the viewer's left) and face away on the back. Shapes are
// sized so that every region is at least 32 × 32 px at one of the map's zoom levels
// (body-map-zoom.ts); names are message keys (area `bodymap`), worded in each language there.
import type { Laterality } from '../../../shared/value-sets/views';

export type RegionShape = { readonly kind: 'rect'; x: number; y: number; w: number; h: number } | { readonly kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number };

export const SINGLE_NAMES = ['scalp', 'forehead', 'nose', 'lips', 'chin', 'neck', 'chest', 'abdomen', 'genitals', 'back-of-head', 'nape', 'upper-back', 'lower-back'] as const;
export const PAIR_NAMES = [
  'eye', 'cheek', 'ear', 'groin', 'upper-arm', 'elbow-crease', 'forearm', 'palm', 'thigh', 'knee', 'shin', 'foot',
  'buttock', 'back-upper-arm', 'back-elbow', 'back-forearm', 'back-hand', 'back-thigh', 'knee-pit', 'calf', 'heel',
] as const;
type SingleName = (typeof SINGLE_NAMES)[number];
type PairName = (typeof PAIR_NAMES)[number];

interface RegionBase {
  /** Unique per map: `<name>` or `<name>-<side>`. */
  readonly id: string;
  readonly code: string;
  readonly laterality: Laterality;
  readonly shape: RegionShape;
}
/** The name is a message key: `bodymap.single.<name>` for one region, `bodymap.pair.<name>` for a side of a pair. */
export type MapRegion = (RegionBase & { readonly paired: false; readonly name: SingleName }) | (RegionBase & { readonly paired: true; readonly name: PairName });

const rect = (x: number, y: number, w: number, h: number) => ({ kind: 'rect' as const, x, y, w, h });
const ellipse = (cx: number, cy: number, rx: number, ry: number) => ({ kind: 'ellipse' as const, cx, cy, rx, ry });

/** Mirror a shape about the figure's midline (x = 100). */
const mirror = (s: RegionShape): RegionShape => (s.kind === 'rect' ? { ...s, x: 200 - s.x - s.w } : { ...s, cx: 200 - s.cx });

/** A paired region: `viewerLeft` is drawn on the viewer's left and belongs to `sideOnViewerLeft`. */
function pair(name: PairName, code: string, viewerLeft: RegionShape, sideOnViewerLeft: 'left' | 'right'): MapRegion[] {
  const other = sideOnViewerLeft === 'right' ? 'left' : 'right';
  return [
    { id: `${name}-${sideOnViewerLeft}`, name, paired: true, code, laterality: sideOnViewerLeft, shape: viewerLeft },
    { id: `${name}-${other}`, name, paired: true, code, laterality: other, shape: mirror(viewerLeft) },
  ];
}

const single = (name: SingleName, code: string, shape: RegionShape): MapRegion => ({ id: name, name, paired: false, code, laterality: 'unpaired', shape });

export const FRONT_REGIONS: readonly MapRegion[] = [
  single('scalp', '43067004', ellipse(100, 17, 20, 9)),
  single('forehead', '68698007', rect(84, 26, 32, 10)),
  ...pair('eye', '362916000', ellipse(88.5, 41, 7, 4.4), 'right'),
  single('nose', '113179006', rect(95.7, 40, 8.6, 15)),
  ...pair('cheek', '36141000', rect(81, 46, 14, 10), 'right'),
  ...pair('ear', '1902009', ellipse(76, 45, 4.4, 8), 'right'),
  single('lips', '88089004', rect(91, 56.5, 18, 8.7)),
  single('chin', '23747009', rect(91, 65.5, 18, 8.7)),
  single('neck', '11584001', rect(90, 75, 20, 11)),
  single('chest', '244106003', rect(72, 88, 56, 40)),
  single('abdomen', '75093004', rect(74, 129, 52, 42)),
  ...pair('groin', '39687006', rect(75, 172, 14, 12), 'right'),
  single('genitals', '60944009', rect(91, 172, 18, 14)),
  ...pair('upper-arm', '45981001', rect(54, 90, 16, 44), 'right'),
  ...pair('elbow-crease', '17957002', rect(51, 135, 17, 13), 'right'),
  ...pair('forearm', '70559009', rect(47, 149, 17, 39), 'right'),
  ...pair('palm', '70887009', rect(43, 190, 19, 26), 'right'),
  ...pair('thigh', '61248009', rect(76, 187, 22, 66), 'right'),
  ...pair('knee', '181553006', rect(77, 254, 20, 17), 'right'),
  ...pair('shin', '25763004', rect(78, 272, 18, 62), 'right'),
  ...pair('foot', '60496002', rect(74, 335, 22, 17), 'right'),
];

export const BACK_REGIONS: readonly MapRegion[] = [
  single('back-of-head', '79951008', ellipse(100, 36, 21, 26)),
  single('nape', '4658004', rect(90, 64, 20, 22)),
  single('upper-back', '244111001', rect(72, 88, 56, 44)),
  single('lower-back', '113182001', rect(74, 133, 52, 38)),
  ...pair('buttock', '22180002', rect(74, 172, 25, 22), 'left'),
  ...pair('back-upper-arm', '72939005', rect(54, 90, 16, 44), 'left'),
  ...pair('back-elbow', '181536004', rect(51, 135, 17, 13), 'left'),
  ...pair('back-forearm', '41550009', rect(47, 149, 17, 39), 'left'),
  ...pair('back-hand', '281642007', rect(43, 190, 19, 26), 'left'),
  ...pair('back-thigh', '4578000', rect(76, 195, 22, 58), 'left'),
  ...pair('knee-pit', '84507004', rect(77, 254, 20, 17), 'left'),
  ...pair('calf', '47224004', rect(78, 272, 18, 62), 'left'),
  ...pair('heel', '84607009', rect(77, 335, 18, 17), 'left'),
];

/** The region's bounding box in map units. */
export function regionBox(shape: RegionShape): { x: number; y: number; w: number; h: number } {
  return shape.kind === 'rect' ? { x: shape.x, y: shape.y, w: shape.w, h: shape.h } : { x: shape.cx - shape.rx, y: shape.cy - shape.ry, w: 2 * shape.rx, h: 2 * shape.ry };
}
