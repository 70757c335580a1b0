// A small drawing of the pose for a view, as the photographer explains it to the patient. Body views
// are drawn from above: the camera at the bottom, the patient's head and shoulders turned as the
// view asks (the nose shows where the patient faces; their right shoulder is marked R), so "Right
// 45°" reads as "turn to your left until your right cheek faces me". Hands, soles, the scalp and
// close-ups have drawings of their own. Decorative: the step's name says the same in words.
import type { View } from '../../../shared/value-sets/views';
import { useT } from '../i18n';

/**
 * Where the patient's nose points, as an SVG rotation (positive is clockwise on screen) from
 * facing the camera (screen down). Facing the camera the patient's right is on the viewer's left,
 * so turning to their left (a right oblique or profile) points the nose to the viewer's right.
 */
const FACING: Partial<Record<View, number>> = {
  anterior: 0,
  'right oblique': -45,
  'right lateral': -90,
  posterior: 180,
  'left oblique': 45,
  'left lateral': 90,
};

export function PoseIllustration({ view, className }: { readonly view: View; readonly className?: string }) {
  return (
    <svg viewBox="0 0 64 64" width={80} height={80} className={`pose ${className ?? ''}`} aria-hidden="true" focusable="false">
      {view in FACING ? <FromAbove angle={FACING[view]!} /> : <Special view={view} />}
    </svg>
  );
}

function Camera() {
  return (
    <g className="pose__camera">
      <rect x={24} y={53} width={16} height={9} rx={2} />
      <circle cx={32} cy={57.5} r={2.8} className="pose__lens" />
      <path d="M32 51 V44" className="pose__sight" />
    </g>
  );
}

function FromAbove({ angle }: { readonly angle: number }) {
  const t = useT();
  return (
    <>
      <g transform={`rotate(${angle} 32 26)`}>
        <ellipse cx={32} cy={26} rx={17} ry={6.5} className="pose__shoulders" />
        <text x={16} y={29} className="pose__mark">
          {t('capture.pose.rightShoulder')}
        </text>
        <circle cx={32} cy={26} r={8} className="pose__head" />
        <path d="M29 33 L32 38 L35 33 Z" className="pose__nose" />
      </g>
      <Camera />
    </>
  );
}

function Special({ view }: { readonly view: View }) {
  switch (view) {
    case 'palmar':
    case 'dorsal':
      return (
        <g className="pose__part">
          <path d="M20 52 V30 q0-3 3-3 q3 0 3 3 V22 q0-3 3-3 q3 0 3 3 V20 q0-3 3-3 q3 0 3 3 V24 q0-3 3-3 q3 0 3 3 V40 l4-5 q3-2 4 1 L42 54 H22 Z" />
          {view === 'palmar' ? <path d="M24 40 q8 -4 16 0 M26 45 q6 -3 12 0" className="pose__line" /> : <path d="M27 20 h4 M33 18 h4 M39 22 h4" className="pose__line" />}
        </g>
      );
    case 'plantar':
      return (
        <g className="pose__part">
          <path d="M22 8 q12 -4 18 6 q4 10 0 22 q-2 10 2 18 q2 8 -8 8 q-10 0 -10 -10 q0 -10 -4 -20 q-6 -14 2 -24 Z" />
          <path d="M27 44 q5 3 10 0" className="pose__line" />
        </g>
      );
    case 'superior':
    case 'inferior':
      return (
        <g>
          <circle cx={32} cy={34} r={14} className="pose__head" />
          <path d="M32 22 V46 M22 30 q10 4 20 0" className="pose__line" />
          <path d={view === 'superior' ? 'M32 2 V14 M27 9 L32 14 L37 9' : 'M32 62 V50 M27 55 L32 50 L37 55'} className="pose__arrow" />
        </g>
      );
    case 'close-up':
      return (
        <g>
          <circle cx={27} cy={27} r={14} className="pose__lens-ring" />
          <path d="M37 37 L54 54" className="pose__handle" />
          <circle cx={27} cy={27} r={3} className="pose__spot" />
        </g>
      );
    default:
      return (
        <g>
          <circle cx={32} cy={26} r={16} className="pose__lens-ring" />
          <rect x={28} y={42} width={8} height={18} rx={3} className="pose__part" />
          <circle cx={32} cy={26} r={4} className="pose__spot" />
        </g>
      );
  }
}
