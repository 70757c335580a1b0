// A valid capture context for tests and benchmarks that capture without caring where on the body.
import type { CaptureContext } from '../../../shared/domain';

export const FACE_FRONT: CaptureContext = { bodySite: { code: '73897004', display: 'Skin of face' }, laterality: 'unpaired', view: 'anterior' };
