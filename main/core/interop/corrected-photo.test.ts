// A corrected photo on the wire (docs/corrections.md, "At the receiving systems"): each revision is
// its own DICOM instance (new SOP Instance UID, same study and series), and its FHIR resources
// replace the photo's earlier ones by conditional update instead of being created if none exist.
import { describe, expect, it } from 'vitest';
import { dicomUidsFor } from './dicom/vl-photo';
import { buildFhirBundle } from './fhir/bundle';
import { sampleInput } from './test-support';

describe('a corrected photo', () => {
  it('is a new DICOM instance in the same study and series', async () => {
    const original = dicomUidsFor(await sampleInput());
    const corrected = dicomUidsFor(await sampleInput({}, { revision: 1 }));
    const again = dicomUidsFor(await sampleInput({}, { revision: 2 }));
    expect(corrected.sopInstanceUid).not.toBe(original.sopInstanceUid);
    expect(again.sopInstanceUid).not.toBe(corrected.sopInstanceUid);
    expect(corrected).toMatchObject({ studyInstanceUid: original.studyInstanceUid, seriesInstanceUid: original.seriesInstanceUid });
    // Revision 0 keeps the UID every photo delivered before corrections existed was sent under.
    expect(dicomUidsFor(await sampleInput({}, { revision: 0 })).sopInstanceUid).toBe(original.sopInstanceUid);
  });

  it("updates the photo's FHIR resources in place, and creates the patient only if none exists", async () => {
    const requests = (b: ReturnType<typeof buildFhirBundle>) => (b.entry ?? []).map((e) => `${e.request?.method} ${e.request?.url?.split('?')[0]}${e.request?.ifNoneExist ? ' if-none-exist' : ''}`);
    expect(requests(buildFhirBundle(await sampleInput()))).toContain('POST Media if-none-exist');
    const corrected = buildFhirBundle(await sampleInput({}, { revision: 1 }));
    expect(requests(corrected)).toEqual(expect.arrayContaining(['POST Patient if-none-exist', 'POST Binary', 'PUT Media', 'PUT DocumentReference']));
    const media = corrected.entry?.find((e) => e.resource?.resourceType === 'Media');
    expect(media?.request?.url).toMatch(/^Media\?identifier=/);
  });
});
