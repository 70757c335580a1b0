// A photo's current annotations on a compare stage (issue 12): the annotate area's read-only
// overlay with its switch per layer, laid over the whole stage and given one SVG transform that
// takes the photo's own pixels to the screen: the photo's placement in the first photo's frame
// (its stored alignment, or the fit) and then the stage's shared zoom and pan. So the shapes stay
// on the skin they were drawn on, in every mode, at every zoom.
import type { Photo } from '../../../shared/domain';
import { AnnotationOverlay } from '../annotate/AnnotationOverlay';
import type { Frame } from './viewport';

interface Props {
  readonly photo: Photo;
  /** The stage's transform in force (first photo's pixels to stage pixels) and its frame. */
  readonly stage: { scale: number; tx: number; ty: number; frame: Frame };
  /** [a, b, c, d, e, f] from viewport.placementOf: this photo's pixels into the first's; null for the first. */
  readonly place: readonly number[] | null;
  /** Where the layer switches sit: the first photo's at the start, a second's at the end. */
  readonly side: 'start' | 'end';
}

/**
 * The overlay's transform as [a, b, c, d, e, f] ((x, y) ↦ (a x + b y + c, d x + e y + f)), in the
 * units of its viewBox: the first photo's frame, which the SVG shows fitted and centred in the stage
 * ("meet"). It undoes that fit and applies the view's zoom and pan, after the photo's placement.
 */
export function stageMatrix({ scale, tx, ty, frame }: Props['stage'], place: Props['place']): [number, number, number, number, number, number] {
  const fit = Math.min(frame.stageWidth / frame.width, frame.stageHeight / frame.height) || 1;
  const ox = (frame.stageWidth - frame.width * fit) / 2;
  const oy = (frame.stageHeight - frame.height * fit) / 2;
  const k = scale / fit;
  const [a = 1, b = 0, c = 0, d = 0, e = 1, f = 0] = place ?? [];
  return [k * a, k * b, k * c + (tx - ox) / fit, k * d, k * e, k * f + (ty - oy) / fit];
}

/** The same as an SVG transform attribute (whose matrix() takes the columns: a d b e c f). */
export function stageTransform(stage: Props['stage'], place: Props['place']): string {
  const [a, b, c, d, e, f] = stageMatrix(stage, place);
  return `matrix(${a} ${d} ${b} ${e} ${c} ${f})`;
}

export function CompareAnnotations({ photo, stage, place, side }: Props) {
  return (
    // Presses on the layer switches must not start a pan (the stage captures the pointer).
    <div className={`compare-annotations compare-annotations--${side}`} onPointerDown={(event) => event.stopPropagation()}>
      <AnnotationOverlay photoId={photo.id} width={stage.frame.width} height={stage.frame.height} transform={stageTransform(stage, place)} />
    </div>
  );
}
