// The shipped body-site value set: SNOMED CT body structure concepts (all descendants of
// 123037004 |Body structure|) for dermatology and aesthetic photography. Codes and display terms are
// taken from DICOM PS3.16 CID 4029 "Dermatology Anatomic Site" (which uses SNOMED CT "skin of"
// concepts and factors laterality out, as we do). See docs/capture-standards.md for the source
// and how to extend it. `paired` sites need left, right or bilateral; unpaired sites take 'unpaired'.

export type BodyRegion = 'head' | 'neck' | 'trunk' | 'upper-limb' | 'lower-limb' | 'genital';

export interface BodySiteConcept {
  /** SNOMED CT concept id (sctid). */
  readonly code: string;
  /** The term shown and stored with the photo (DICOM CID 4029 code meaning). */
  readonly display: string;
  readonly region: BodyRegion;
  readonly paired: boolean;
  /** Extra words the searchable list matches ("crow's feet", "palm"). */
  readonly keywords?: string;
}

export const SNOMED_CT_SYSTEM = 'http://snomed.info/sct';
export const BODY_STRUCTURE_ROOT = '123037004';

const site = (code: string, display: string, region: BodyRegion, paired: boolean, keywords?: string): BodySiteConcept =>
  keywords === undefined ? { code, display, region, paired } : { code, display, region, paired, keywords };

export const BODY_SITES: readonly BodySiteConcept[] = [
  // Head and face
  site('70762009', 'Skin of head', 'head', false),
  site('43067004', 'Skin of scalp', 'head', false, 'hair'),
  site('61719002', 'Skin of vertex of scalp', 'head', false, 'crown'),
  site('79951008', 'Skin of occipital region', 'head', false, 'back of head'),
  site('73897004', 'Skin of face', 'head', false, 'full face'),
  site('68698007', 'Skin of forehead', 'head', false, 'glabella frown lines'),
  site('16621002', 'Skin of temporal region', 'head', true, 'temple'),
  site('367577003', 'Skin of eyebrow', 'head', true, 'brow'),
  site('362916000', 'Skin of eye region', 'head', true, "periorbital crow's feet"),
  site('41310005', 'Skin of upper eyelid', 'head', true),
  site('40069000', 'Skin of lower eyelid', 'head', true, 'tear trough'),
  site('113179006', 'Skin of nose', 'head', false),
  site('36141000', 'Skin of cheek', 'head', true, 'malar'),
  site('37108007', 'Skin of nasolabial fold', 'head', true),
  site('88089004', 'Skin of lip', 'head', false, 'mouth'),
  site('110488009', 'Skin of perioral region of face', 'head', false, 'around the mouth'),
  site('23747009', 'Skin of chin', 'head', false),
  site('244097004', 'Skin of jawline', 'head', true, 'jowl mandible'),
  site('1902009', 'Skin of ear', 'head', true, 'pinna auricle'),
  site('24483006', 'Skin of postauricular region', 'head', true, 'behind the ear'),
  // Neck
  site('43081002', 'Skin of neck', 'neck', false),
  site('11584001', 'Skin of anterior portion of neck', 'neck', false, 'front of neck'),
  site('5272005', 'Skin of lateral portion of neck', 'neck', true, 'side of neck'),
  site('4658004', 'Skin of nuchal region', 'neck', false, 'back of neck nape'),
  // Trunk
  site('181491009', 'Skin of anterior trunk', 'trunk', false, 'front of body torso'),
  site('244106003', 'Skin of anterior surface of thorax', 'trunk', false, 'chest'),
  site('82038008', 'Skin of breast', 'trunk', true),
  site('76261009', 'Skin of axilla', 'trunk', true, 'armpit'),
  site('75093004', 'Skin of abdomen', 'trunk', false, 'belly'),
  site('315003', 'Skin of umbilicus', 'trunk', false, 'navel'),
  site('66643007', 'Skin of back', 'trunk', false),
  site('244111001', 'Skin of posterior surface of thorax', 'trunk', false, 'upper back shoulder blades'),
  site('113182001', 'Skin of lower back', 'trunk', false, 'lumbar'),
  site('22180002', 'Skin of buttock', 'trunk', true, 'gluteal'),
  site('39687006', 'Skin of inguinal region', 'trunk', true, 'groin'),
  // Upper limb
  site('371311000', 'Skin of upper extremity', 'upper-limb', true, 'whole arm'),
  site('45981001', 'Skin of anterior surface of upper arm', 'upper-limb', true, 'biceps'),
  site('72939005', 'Skin of posterior surface of upper arm', 'upper-limb', true, 'triceps'),
  site('17957002', 'Skin of antecubital fossa', 'upper-limb', true, 'elbow crease flexure'),
  site('181536004', 'Skin of posterior surface of elbow', 'upper-limb', true, 'elbow extensor'),
  site('70559009', 'Skin of anterior surface of forearm', 'upper-limb', true, 'volar forearm'),
  site('41550009', 'Skin of posterior surface of forearm', 'upper-limb', true, 'dorsal forearm'),
  site('33712006', 'Skin of hand', 'upper-limb', true),
  site('70887009', 'Skin of palm of hand', 'upper-limb', true, 'palmar'),
  site('281642007', 'Skin of part of dorsal surface of hand', 'upper-limb', true, 'back of hand dorsum'),
  site('244169007', 'Skin of digit of hand', 'upper-limb', true, 'finger'),
  site('770809003', 'Nail unit of finger', 'upper-limb', true, 'fingernail'),
  // Lower limb
  site('371304004', 'Skin of lower extremity', 'lower-limb', true, 'whole leg'),
  site('61248009', 'Skin of anterior surface of thigh', 'lower-limb', true),
  site('4578000', 'Skin of posterior surface of thigh', 'lower-limb', true, 'hamstring'),
  site('181553006', 'Skin of anterior surface of knee', 'lower-limb', true),
  site('84507004', 'Skin of popliteal fossa', 'lower-limb', true, 'back of knee flexure'),
  site('25763004', 'Skin of anterior surface of lower leg', 'lower-limb', true, 'shin'),
  site('47224004', 'Skin of posterior surface of lower leg', 'lower-limb', true, 'calf'),
  site('60496002', 'Skin of foot', 'lower-limb', true),
  site('84607009', 'Skin of heel', 'lower-limb', true),
  site('52034004', 'Skin of toe', 'lower-limb', true),
  site('770805009', 'Nail unit of toe', 'lower-limb', true, 'toenail'),
  // Genital and perianal
  site('60944009', 'Skin of external genitalia', 'genital', false),
  site('48014002', 'Skin of perineum', 'genital', false),
  site('59112000', 'Skin of anus', 'genital', false, 'perianal'),
];

const BY_CODE: ReadonlyMap<string, BodySiteConcept> = new Map(BODY_SITES.map((s) => [s.code, s]));

export const findBodySite = (code: string): BodySiteConcept | undefined => BY_CODE.get(code);

export const REGION_LABELS: Readonly<Record<BodyRegion, string>> = {
  head: 'Head and face',
  neck: 'Neck',
  trunk: 'Trunk',
  'upper-limb': 'Arm and hand',
  'lower-limb': 'Leg and foot',
  genital: 'Genital and perianal',
};

/** Case- and accent-insensitive search over term and keywords, for the searchable list. */
export function searchBodySites(query: string): BodySiteConcept[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...BODY_SITES];
  return BODY_SITES.filter((s) => {
    const hay = fold(`${s.display} ${s.keywords ?? ''} ${s.code}`);
    return words.every((w) => hay.includes(w));
  });
}

const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
