// A photo's current annotations on a compare stage (issue 12): the annotate area's read-only
// overlay with its switch per layer, laid over the whole stage and given one SVG transform that
// takes the photo's own pixels to the screen: the photo's placement in the first photo's frame
// (its stored alignment, or the fit) and then the stage's shared zoom and pan. So the shapes stay
// on the skin they were drawn on, in every mode, at every zoom.
import type { Photo } from '../../../shared/domain';
import { AnnotationOverlay } from '../annotate/AnnotationOverlay';
import { compose, cssTransform, isAffine, type Frame, type Placement } from './viewport';

interface Props {
  readonly photo: Photo;
  /** The stage's transform in force (first photo's pixels to stage pixels) and its frame. */
  readonly stage: { scale: number; tx: number; ty: number; frame: Frame };
  /** From viewport.placementOf: this photo's pixels into the first's; null for the first. */
  readonly place: Placement | null;
  /** Where the layer switches sit: the first photo's at the start, a second's at the end. */
  readonly side: 'start' | 'end';
}

/** What the SVG's viewBox "meet" does: the first photo's frame fitted and centred in the stage. */
function meetOf(frame: Frame): { fit: number; ox: number; oy: number } {
  const fit = Math.min(frame.stageWidth / frame.width, frame.stageHeight / frame.height) || 1;
  return { fit, ox: (frame.stageWidth - frame.width * fit) / 2, oy: (frame.stageHeight - frame.height * fit) / 2 };
}

/**
 * The overlay's transform as a row-major 3×3 (viewport.Placement), in the units of its viewBox: the
 * first photo's frame, which the SVG shows fitted and centred in the stage ("meet"). It undoes that
 * fit and applies the view's zoom and pan, after the photo's placement.
 */
export function stageMatrix({ scale, tx, ty, frame }: Props['stage'], place: Props['place']): Placement {
  const { fit, ox, oy } = meetOf(frame);
  const k = scale / fit;
  const view: Placement = [k, 0, (tx - ox) / fit, 0, k, (ty - oy) / fit, 0, 0, 1];
  return place ? compose(view, place) : view;
}

/**
 * How the overlay draws a photo's shapes: an SVG transform on the shapes when the placement is
 * affine (as the viewer does); under a homography, which SVG's transform cannot express, a CSS
 * matrix3d on the whole SVG instead: meet · stage · meet⁻¹, so the shapes stay in the viewBox's units.
 */
export function stageTransform(stage: Props['stage'], place: Props['place']): { shapes?: string; svg?: string } {
  const m = stageMatrix(stage, place);
  if (isAffine(m)) {
    const [a, b, c, d, e, f] = m;
    return { shapes: `matrix(${a} ${d} ${b} ${e} ${c} ${f})` };
  }
  const { fit, ox, oy } = meetOf(stage.frame);
  const meet: Placement = [fit, 0, ox, 0, fit, oy, 0, 0, 1];
  const unmeet: Placement = [1 / fit, 0, -ox / fit, 0, 1 / fit, -oy / fit, 0, 0, 1];
  return { svg: cssTransform(compose(compose(meet, m), unmeet)) };
}

export function CompareAnnotations({ photo, stage, place, side }: Props) {
  const drawn = stageTransform(stage, place);
  return (
    // Presses on the layer switches must not start a pan (the stage captures the pointer).
    <div className={`compare-annotations compare-annotations--${side}`} onPointerDown={(event) => event.stopPropagation()}>
      <AnnotationOverlay photoId={photo.id} width={stage.frame.width} height={stage.frame.height} transform={drawn.shapes} svgTransform={drawn.svg} />
    </div>
  );
}
