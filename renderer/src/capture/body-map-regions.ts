// The clickable regions of the body map: simple shapes on a front and a back silhouette, each
// mapped to a SNOMED CT site from the shipped value set and a side. The figures face the viewer
// on the front (the patient's right is on the viewer's left) and face away on the back.
import type { Laterality } from '../../../shared/value-sets/views';

export interface MapRegion {
  readonly id: string;
  readonly label: string;
  readonly code: string;
  readonly laterality: Laterality;
  readonly shape: { readonly kind: 'rect'; x: number; y: number; w: number; h: number } | { readonly kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number };
}

const rect = (x: number, y: number, w: number, h: number) => ({ kind: 'rect' as const, x, y, w, h });
const ellipse = (cx: number, cy: number, rx: number, ry: number) => ({ kind: 'ellipse' as const, cx, cy, rx, ry });

/** Mirror a shape about the figure's midline (x = 100). */
const mirror = (s: MapRegion['shape']): MapRegion['shape'] =>
  s.kind === 'rect' ? { ...s, x: 200 - s.x - s.w } : { ...s, cx: 200 - s.cx };

/** A paired region: `viewerLeft` is drawn on the viewer's left and belongs to `sideOnViewerLeft`. */
function pair(id: string, name: string, code: string, viewerLeft: MapRegion['shape'], sideOnViewerLeft: 'left' | 'right'): MapRegion[] {
  const other = sideOnViewerLeft === 'right' ? 'left' : 'right';
  const cap = (side: string) => side[0]!.toUpperCase() + side.slice(1);
  return [
    { id: `${id}-${sideOnViewerLeft}`, label: `${cap(sideOnViewerLeft)} ${name}`, code, laterality: sideOnViewerLeft, shape: viewerLeft },
    { id: `${id}-${other}`, label: `${cap(other)} ${name}`, code, laterality: other, shape: mirror(viewerLeft) },
  ];
}

const single = (id: string, label: string, code: string, shape: MapRegion['shape']): MapRegion => ({ id, label, code, laterality: 'unpaired', shape });

export const FRONT_REGIONS: readonly MapRegion[] = [
  single('scalp', 'Scalp', '43067004', ellipse(100, 20, 20, 10)),
  single('forehead', 'Forehead', '68698007', rect(84, 26, 32, 10)),
  ...pair('eye', 'eye region', '362916000', ellipse(91, 41, 7, 4), 'right'),
  single('nose', 'Nose', '113179006', rect(96, 40, 8, 15)),
  ...pair('cheek', 'cheek', '36141000', rect(81, 46, 14, 13), 'right'),
  ...pair('ear', 'ear', '1902009', ellipse(76, 45, 4, 8), 'right'),
  single('lips', 'Lips', '88089004', rect(92, 57, 16, 5)),
  single('chin', 'Chin', '23747009', rect(92, 63, 16, 7)),
  single('neck', 'Front of neck', '11584001', rect(90, 72, 20, 14)),
  single('chest', 'Chest', '244106003', rect(72, 88, 56, 40)),
  single('abdomen', 'Abdomen', '75093004', rect(74, 129, 52, 42)),
  ...pair('groin', 'groin', '39687006', rect(75, 172, 14, 12), 'right'),
  single('genitals', 'External genitalia', '60944009', rect(91, 172, 18, 14)),
  ...pair('upper-arm', 'upper arm (front)', '45981001', rect(54, 90, 16, 44), 'right'),
  ...pair('elbow-crease', 'elbow crease', '17957002', rect(51, 135, 17, 10), 'right'),
  ...pair('forearm', 'forearm (front)', '70559009', rect(47, 146, 17, 42), 'right'),
  ...pair('palm', 'palm', '70887009', rect(43, 190, 19, 26), 'right'),
  ...pair('thigh', 'thigh (front)', '61248009', rect(76, 187, 22, 66), 'right'),
  ...pair('knee', 'knee', '181553006', rect(77, 254, 20, 16), 'right'),
  ...pair('shin', 'lower leg (front)', '25763004', rect(78, 271, 18, 64), 'right'),
  ...pair('foot', 'foot', '60496002', rect(74, 337, 22, 14), 'right'),
];

export const BACK_REGIONS: readonly MapRegion[] = [
  single('back-scalp', 'Back of head', '79951008', ellipse(100, 36, 21, 26)),
  single('nape', 'Back of neck', '4658004', rect(90, 64, 20, 22)),
  single('upper-back', 'Upper back', '244111001', rect(72, 88, 56, 44)),
  single('lower-back', 'Lower back', '113182001', rect(74, 133, 52, 38)),
  ...pair('buttock', 'buttock', '22180002', rect(74, 172, 25, 22), 'left'),
  ...pair('back-upper-arm', 'upper arm (back)', '72939005', rect(54, 90, 16, 44), 'left'),
  ...pair('back-elbow', 'elbow (back)', '181536004', rect(51, 135, 17, 10), 'left'),
  ...pair('back-forearm', 'forearm (back)', '41550009', rect(47, 146, 17, 42), 'left'),
  ...pair('back-hand', 'back of hand', '281642007', rect(43, 190, 19, 26), 'left'),
  ...pair('back-thigh', 'thigh (back)', '4578000', rect(76, 195, 22, 58), 'left'),
  ...pair('knee-pit', 'back of knee', '84507004', rect(77, 254, 20, 16), 'left'),
  ...pair('calf', 'calf', '47224004', rect(78, 271, 18, 64), 'left'),
  ...pair('heel', 'heel', '84607009', rect(78, 337, 16, 14), 'left'),
];
