// Capture templates per procedure: an ordered list of shots, each with site, laterality and view
// prefilled and a pose prompt for the photographer. The runner in the renderer steps through them
// and every photo records the template id and the step it was taken for.
import type { Laterality, View } from './views';

export interface TemplateShot {
  readonly siteCode: string;
  readonly laterality: Laterality;
  readonly view: View;
  /** What the photographer tells the patient and checks in the frame. */
  readonly prompt: string;
}

export interface CaptureTemplate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly shots: readonly TemplateShot[];
}

const FACE = '73897004';
const shot = (siteCode: string, laterality: Laterality, view: View, prompt: string): TemplateShot => ({ siteCode, laterality, view, prompt });

export const CAPTURE_TEMPLATES: readonly CaptureTemplate[] = [
  {
    id: 'face-5-view',
    name: 'Full face 5-view',
    description: 'Frontal, both obliques and both profiles in the Frankfort horizontal plane.',
    shots: [
      shot(FACE, 'unpaired', 'anterior', 'Face the camera, eyes open, neutral expression; hair off the face; ears level.'),
      shot(FACE, 'unpaired', 'right oblique', 'Turn 45° to your left so the right cheek faces the camera; nose tip in line with the far cheek.'),
      shot(FACE, 'unpaired', 'right lateral', 'Turn 90° to your left: right profile, ear and tragus visible, chin level.'),
      shot(FACE, 'unpaired', 'left oblique', 'Turn 45° to your right so the left cheek faces the camera.'),
      shot(FACE, 'unpaired', 'left lateral', 'Turn 90° to your right: left profile, chin level.'),
    ],
  },
  {
    id: 'mole-check-total-body',
    name: 'Mole check (total body)',
    description: 'Total body photography in standard regional views, for comparison at follow-up.',
    shots: [
      shot(FACE, 'unpaired', 'anterior', 'Face and ears; hair tied back.'),
      shot('43067004', 'unpaired', 'superior', 'Head bowed; part the hair to show the scalp.'),
      shot('11584001', 'unpaired', 'anterior', 'Chin up to show the front of the neck.'),
      shot('244106003', 'unpaired', 'anterior', 'Stand facing the camera, arms at the sides, palms forward; collarbones to navel.'),
      shot('75093004', 'unpaired', 'anterior', 'Navel to groin crease.'),
      shot('244111001', 'unpaired', 'posterior', 'Back to the camera, arms at the sides; neck to waist.'),
      shot('113182001', 'unpaired', 'posterior', 'Waist to buttocks.'),
      shot('371311000', 'right', 'anterior', 'Right arm out to the side, palm forward.'),
      shot('371311000', 'right', 'posterior', 'Right arm out to the side, back of the hand forward.'),
      shot('371311000', 'left', 'anterior', 'Left arm out to the side, palm forward.'),
      shot('371311000', 'left', 'posterior', 'Left arm out to the side, back of the hand forward.'),
      shot('371304004', 'bilateral', 'anterior', 'Feet slightly apart, facing the camera; thighs to ankles.'),
      shot('371304004', 'bilateral', 'posterior', 'Back to the camera; thighs to ankles.'),
      shot('60496002', 'bilateral', 'plantar', 'Seated, soles of both feet towards the camera.'),
    ],
  },
  {
    id: 'hand-eczema',
    name: 'Hand eczema',
    description: 'Both hands, palms and backs, plus each side close up (as used for HECSI scoring).',
    shots: [
      shot('70887009', 'bilateral', 'palmar', 'Both palms up, fingers together, side by side on the dark cloth.'),
      shot('281642007', 'bilateral', 'dorsal', 'Both hands palms down, fingers together, side by side.'),
      shot('70887009', 'right', 'close-up', 'Right palm up, fingers spread to show the finger webs.'),
      shot('281642007', 'right', 'close-up', 'Right hand palm down, fingers spread; include the wrist.'),
      shot('70887009', 'left', 'close-up', 'Left palm up, fingers spread to show the finger webs.'),
      shot('281642007', 'left', 'close-up', 'Left hand palm down, fingers spread; include the wrist.'),
    ],
  },
  {
    id: 'aesthetic-face-pre-post',
    name: 'Pre/post aesthetic (face)',
    description: 'Identical before and after views for injectables and resurfacing: same distance, light and expression.',
    shots: [
      shot(FACE, 'unpaired', 'anterior', 'Face the camera at rest, lips closed, no make-up; same distance as the previous session.'),
      shot(FACE, 'unpaired', 'left oblique', 'Turn 45° to the right, at rest.'),
      shot(FACE, 'unpaired', 'right oblique', 'Turn 45° to the left, at rest.'),
      shot('68698007', 'unpaired', 'close-up', 'Frown hard (glabellar lines), then hold.'),
      shot('362916000', 'left', 'close-up', "Smile broadly to show the left crow's feet."),
      shot('362916000', 'right', 'close-up', "Smile broadly to show the right crow's feet."),
      shot('37108007', 'bilateral', 'anterior', 'Face the camera at rest; nasolabial folds and lips in frame.'),
    ],
  },
];

export const findTemplate = (id: string): CaptureTemplate | undefined => CAPTURE_TEMPLATES.find((t) => t.id === id);
