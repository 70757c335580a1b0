// A photo's current annotation version with the lesions its markers name: what every export (the
// presentation state, the Web Annotation JSON, the FHIR DocumentReference's second content entry)
// is built from. Imports nothing from interop/, which calls it while gathering a photo's export.
import type { AnnotationDocument } from '../../../shared/annotations/document';
import type { Lesion } from '../../../shared/channels/annotations';
import type { Db } from '../db/open';
import { getLesion } from './lesions';
import { markedLesionIds, readVersion } from './versions';

export interface AnnotationVersionInput {
  readonly version: number;
  readonly document: AnnotationDocument;
  readonly authorName: string;
  /** ISO 8601 UTC */
  readonly createdAt: string;
  /** The lesions the document's markers name, by id. */
  readonly lesions: ReadonlyMap<string, Lesion>;
}

/** The photo's current version, or null when it has no annotations. */
export function currentAnnotationVersion(db: Db, photoId: string): AnnotationVersionInput | null {
  const stored = readVersion(db, photoId);
  if (!stored) return null;
  const lesions = new Map<string, Lesion>(markedLesionIds(stored.document).map((id) => [id, getLesion(db, id)]));
  return { version: stored.version, document: stored.document, authorName: stored.authorName, createdAt: stored.createdAt, lesions };
}
