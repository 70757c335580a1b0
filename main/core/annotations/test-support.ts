// A photo from the simulated camera with one annotation version holding every shape kind, a lesion
// and the detected ruler's calibration: what the export, delivery and CLI tests start from.
import type { AnnotationDocument } from '../../../shared/annotations/document';
import type { Encounter, Patient, Photo } from '../../../shared/domain';
import type { CoreClient } from '../core';
import { unwrap } from '../test-support/fixtures';

export const ANNOTATED_PATIENT = { mrn: 'MRN-7001', familyName: 'Lovelace', givenName: 'Ada', birthDate: '1985-12-10', sex: 'F' } as const;
export const FOREARM = { bodySite: { code: '70559009', display: 'Skin of anterior surface of forearm' }, laterality: 'left', view: 'anterior' } as const;

export function everyShape(lesionId: string): AnnotationDocument['layers'] {
  return [
    {
      id: 'marks',
      name: 'Markings',
      shapes: [
        { id: 'arrow1', kind: 'arrow', from: { x: 600, y: 300 }, to: { x: 800, y: 500 }, label: 'Injection site' },
        { id: 'text1', kind: 'text', at: { x: 100, y: 120 }, text: 'Treatment area A' },
        { id: 'free1', kind: 'freehand', points: [{ x: 300, y: 300 }, { x: 320, y: 310 }, { x: 350, y: 330 }, { x: 360, y: 360 }] },
        { id: 'ell1', kind: 'ellipse', center: { x: 1200, y: 600 }, rx: 120, ry: 80 },
        { id: 'rect1', kind: 'rectangle', from: { x: 1500, y: 200 }, to: { x: 1700, y: 350 } },
        { id: 'poly1', kind: 'polygon', points: [{ x: 400, y: 900 }, { x: 500, y: 880 }, { x: 520, y: 980 }, { x: 410, y: 1000 }] },
      ],
    },
    {
      id: 'measure',
      name: 'Measurements',
      shapes: [
        { id: 'ruler1', kind: 'ruler', from: { x: 1000, y: 700 }, to: { x: 1074.4, y: 700 } },
        { id: 'angle1', kind: 'angle', vertex: { x: 900, y: 900 }, a: { x: 1100, y: 900 }, b: { x: 900, y: 700 } },
        { id: 'area1', kind: 'area', outline: { type: 'polygon', points: [{ x: 1000, y: 650 }, { x: 1080, y: 650 }, { x: 1080, y: 730 }, { x: 1000, y: 730 }] } },
        { id: 'area2', kind: 'area', outline: { type: 'ellipse', center: { x: 1037, y: 690 }, rx: 45, ry: 30 } },
        { id: 'lesion1', kind: 'lesion', at: { x: 1037, y: 690 }, lesionId, measures: ['ruler1', 'area2'] },
      ],
    },
  ];
}

/** Registers the patient, captures one photo at the forearm and saves one version with every shape. */
export async function annotatedPhoto(admin: CoreClient): Promise<{ patient: Patient; photo: Photo; version: number }> {
  const patient = unwrap<Patient>(await admin.api.patients.register(ANNOTATED_PATIENT));
  const encounter = unwrap<Encounter>(await admin.api.encounters.start({ patientId: patient.id, reason: 'Mole check' }));
  const photo = unwrap<Photo>(await admin.api.capture.take({ encounterId: encounter.id, cameraId: 'simulated:0', context: FOREARM }));
  const { calibration } = unwrap(await admin.api.annotations.detectRuler({ photoId: photo.id }));
  const lesion = unwrap(await admin.api.annotations.createLesion({ photoId: photo.id, label: 'Naevus' }));
  const { version } = unwrap(await admin.api.annotations.save({ photoId: photo.id, baseVersion: null, document: { calibration, layers: everyShape(lesion.id) } }));
  return { patient, photo, version };
}
