// Capture templates per procedure: an ordered list of shots, each with site, laterality and view
// prefilled and a pose prompt for the photographer. The runner in the renderer steps through them
// and every photo records the template id and the step it was taken for.
import type { Laterality, View } from './views';

/**
 * Short names of template steps, as a photographer says them ("Front", "Right 45°", "Right
 * profile"); the renderer's message catalogue (area `capture`, key `capture.step.<name>`) words them
 * in each language. The SNOMED CT site, side and view stay in the step's details.
 */
export const STEP_NAMES = [
  'front', 'right-45', 'right-profile', 'left-45', 'left-profile', 'face', 'scalp', 'neck-front', 'chest', 'abdomen', 'upper-back', 'lower-back',
  'right-arm-front', 'right-arm-back', 'left-arm-front', 'left-arm-back', 'legs-front', 'legs-back', 'soles', 'palms', 'backs-of-hands',
  'right-palm', 'right-hand-back', 'left-palm', 'left-hand-back', 'frown-lines', 'left-crows-feet', 'right-crows-feet', 'mouth-and-folds',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface TemplateShot {
  /** The step's short name (STEP_NAMES). */
  readonly name: StepName;
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
const shot = (name: StepName, siteCode: string, laterality: Laterality, view: View, prompt: string): TemplateShot => ({ name, siteCode, laterality, view, prompt });

export const CAPTURE_TEMPLATES: readonly CaptureTemplate[] = [
  {
    id: 'face-5-view',
    name: 'Full face 5-view',
    description: 'Frontal, both obliques and both profiles in the Frankfort horizontal plane.',
    shots: [
      shot('front', FACE, 'unpaired', 'anterior', 'Face the camera, eyes open, neutral expression; hair off the face; ears level.'),
      shot('right-45', FACE, 'unpaired', 'right oblique', 'Turn 45° to your left so the right cheek faces the camera; nose tip in line with the far cheek.'),
      shot('right-profile', FACE, 'unpaired', 'right lateral', 'Turn 90° to your left: right profile, ear and tragus visible, chin level.'),
      shot('left-45', FACE, 'unpaired', 'left oblique', 'Turn 45° to your right so the left cheek faces the camera.'),
      shot('left-profile', FACE, 'unpaired', 'left lateral', 'Turn 90° to your right: left profile, chin level.'),
    ],
  },
  {
    id: 'mole-check-total-body',
    name: 'Mole check (total body)',
    description: 'Total body photography in standard regional views, for comparison at follow-up.',
    shots: [
      shot('face', FACE, 'unpaired', 'anterior', 'Face and ears; hair tied back.'),
      shot('scalp', '43067004', 'unpaired', 'superior', 'Head bowed; part the hair to show the scalp.'),
      shot('neck-front', '11584001', 'unpaired', 'anterior', 'Chin up to show the front of the neck.'),
      shot('chest', '244106003', 'unpaired', 'anterior', 'Stand facing the camera, arms at the sides, palms forward; collarbones to navel.'),
      shot('abdomen', '75093004', 'unpaired', 'anterior', 'Navel to groin crease.'),
      shot('upper-back', '244111001', 'unpaired', 'posterior', 'Back to the camera, arms at the sides; neck to waist.'),
      shot('lower-back', '113182001', 'unpaired', 'posterior', 'Waist to buttocks.'),
      shot('right-arm-front', '371311000', 'right', 'anterior', 'Right arm out to the side, palm forward.'),
      shot('right-arm-back', '371311000', 'right', 'posterior', 'Right arm out to the side, back of the hand forward.'),
      shot('left-arm-front', '371311000', 'left', 'anterior', 'Left arm out to the side, palm forward.'),
      shot('left-arm-back', '371311000', 'left', 'posterior', 'Left arm out to the side, back of the hand forward.'),
      shot('legs-front', '371304004', 'bilateral', 'anterior', 'Feet slightly apart, facing the camera; thighs to ankles.'),
      shot('legs-back', '371304004', 'bilateral', 'posterior', 'Back to the camera; thighs to ankles.'),
      shot('soles', '60496002', 'bilateral', 'plantar', 'Seated, soles of both feet towards the camera.'),
    ],
  },
  {
    id: 'hand-eczema',
    name: 'Hand eczema',
    description: 'Both hands, palms and backs, plus each side close up (as used for HECSI scoring).',
    shots: [
      shot('palms', '70887009', 'bilateral', 'palmar', 'Both palms up, fingers together, side by side on the dark cloth.'),
      shot('backs-of-hands', '281642007', 'bilateral', 'dorsal', 'Both hands palms down, fingers together, side by side.'),
      shot('right-palm', '70887009', 'right', 'close-up', 'Right palm up, fingers spread to show the finger webs.'),
      shot('right-hand-back', '281642007', 'right', 'close-up', 'Right hand palm down, fingers spread; include the wrist.'),
      shot('left-palm', '70887009', 'left', 'close-up', 'Left palm up, fingers spread to show the finger webs.'),
      shot('left-hand-back', '281642007', 'left', 'close-up', 'Left hand palm down, fingers spread; include the wrist.'),
    ],
  },
  {
    id: 'aesthetic-face-pre-post',
    name: 'Pre/post aesthetic (face)',
    description: 'Identical before and after views for injectables and resurfacing: same distance, light and expression.',
    shots: [
      shot('front', FACE, 'unpaired', 'anterior', 'Face the camera at rest, lips closed, no make-up; same distance as the previous session.'),
      shot('left-45', FACE, 'unpaired', 'left oblique', 'Turn 45° to the right, at rest.'),
      shot('right-45', FACE, 'unpaired', 'right oblique', 'Turn 45° to the left, at rest.'),
      shot('frown-lines', '68698007', 'unpaired', 'close-up', 'Frown hard (glabellar lines), then hold.'),
      shot('left-crows-feet', '362916000', 'left', 'close-up', "Smile broadly to show the left crow's feet."),
      shot('right-crows-feet', '362916000', 'right', 'close-up', "Smile broadly to show the right crow's feet."),
      shot('mouth-and-folds', '37108007', 'bilateral', 'anterior', 'Face the camera at rest; nasolabial folds and lips in frame.'),
    ],
  },
];

export const findTemplate = (id: string): CaptureTemplate | undefined => CAPTURE_TEMPLATES.find((t) => t.id === id);
