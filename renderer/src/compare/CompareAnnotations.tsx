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

/** The SVG transform for the overlay's viewBox (the first photo's frame, fitted to the stage). */
export function stageTransform({ scale, tx, ty, frame }: Props['stage'], place: Props['place']): string {
  // The overlay's SVG shows the frame fitted and centred in the stage ("meet"); undo that fit and
  // apply the view's transform instead, all in viewBox units.
  const fit = Math.min(frame.stageWidth / frame.width, frame.stageHeight / frame.height) || 1;
  const ox = (frame.stageWidth - frame.width * fit) / 2;
  const oy = (frame.stageHeight - frame.height * fit) / 2;
  const k = scale / fit;
  const view = `matrix(${k} 0 0 ${k} ${(tx - ox) / fit} ${(ty - oy) / fit})`;
  if (!place) return view;
  const [a = 1, b = 0, c = 0, d = 0, e = 1, f = 0] = place;
  return `${view} matrix(${a} ${d} ${b} ${e} ${c} ${f})`;
}

export function CompareAnnotations({ photo, stage, place, side }: Props) {
  return (
    // Presses on the layer switches must not start a pan (the stage captures the pointer).
    <div className={`compare-annotations compare-annotations--${side}`} onPointerDown={(event) => event.stopPropagation()}>
      <AnnotationOverlay photoId={photo.id} width={stage.frame.width} height={stage.frame.height} transform={stageTransform(stage, place)} />
    </div>
  );
}
