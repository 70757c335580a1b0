// Derived photos (migration 0022): a comparison exported as a new photo of the same patient. This
// module owns their SQL: the photo row (source 'derived'), how it was made (photo_derivations) and
// the photos it was made from, in order and at the revision each had (photo_derivation_sources).
// The consent gate and the DICOM and FHIR exports ask here which photos a derived one came from.
import type { Db } from '../db/open';

export interface NewDerivedPhoto {
  readonly id: string;
  readonly patientId: string;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly width: number;
  readonly height: number;
  readonly originalBlobId: string;
  readonly thumbnail: { readonly blobId: string; readonly width: number; readonly height: number };
  readonly mode: 'side-by-side' | 'slider';
  readonly sliderPosition: number | null;
  readonly alignmentId: string | null;
  readonly note: string | null;
  /** The source photos in the order shown (earlier first), with the revision each had. */
  readonly sources: ReadonlyArray<{ readonly id: string; readonly revision: number }>;
}

/**
 * Inserts the derived photo with its derivation and sources; call it inside the transaction that
 * records its blob rows, audit record and deliveries. Site, side and view are the sources' when
 * they all agree (a comparison of one site), else none; it may show a face if any source may.
 */
export function insertDerivedPhoto(db: Db, p: NewDerivedPhoto): void {
  const ids = p.sources.map((s) => s.id);
  const rows = db
    .prepare(`SELECT body_site_code AS code, body_site_display AS display, laterality, view, recognizable FROM photos WHERE id IN (${ids.map(() => '?').join(',')})`)
    .all(...ids) as Array<{ code: string | null; display: string | null; laterality: string | null; view: string | null; recognizable: 0 | 1 | null }>;
  const one = rows[0]!;
  const same = rows.every((r) => r.code === one.code && r.laterality === one.laterality && r.view === one.view);
  const agreed = {
    code: same ? one.code : null,
    display: same ? one.display : null,
    laterality: same ? one.laterality : null,
    view: same ? one.view : null,
    recognizable: rows.some((r) => r.recognizable === 1) ? 1 : rows.every((r) => r.recognizable === 0) ? 0 : null,
  };
  const at = p.createdAt.toISOString();
  db.prepare(
    `INSERT INTO photos (id, patient_id, encounter_id, captured_at, captured_by, source, device, mime, width, height,
                         original_blob_id, thumbnail_blob_id, thumbnail_width, thumbnail_height,
                         body_site_code, body_site_display, laterality, view, quality_failed,
                         acquired_at, acquired_utc_offset, acquired_time_origin, recognizable)
     VALUES (?, ?, NULL, ?, ?, 'derived', 'comparison', 'image/jpeg', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, 'capture', ?)`,
  ).run(
    p.id,
    p.patientId,
    at,
    p.createdBy,
    p.width,
    p.height,
    p.originalBlobId,
    p.thumbnail.blobId,
    p.thumbnail.width,
    p.thumbnail.height,
    agreed.code,
    agreed.display,
    agreed.laterality,
    agreed.view,
    at,
    -p.createdAt.getTimezoneOffset(),
    agreed.recognizable,
  );
  db.prepare('INSERT INTO photo_derivations (photo_id, kind, mode, slider_position, alignment_id, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    p.id,
    'comparison',
    p.mode,
    p.sliderPosition,
    p.alignmentId,
    p.note,
    p.createdBy,
    at,
  );
  const source = db.prepare('INSERT INTO photo_derivation_sources (photo_id, position, source_photo_id, source_revision) VALUES (?, ?, ?, ?)');
  p.sources.forEach((s, i) => source.run(p.id, i, s.id, s.revision));
}

export interface DerivationFacts {
  readonly kind: 'comparison';
  readonly mode: 'side-by-side' | 'slider';
  readonly sliderPosition: number | null;
  readonly alignmentId: string | null;
  /** In order, with each source's current revision (what the PACS holds now) and deletion state. */
  readonly sources: ReadonlyArray<{ readonly id: string; readonly revision: number; readonly deleted: boolean }>;
}

/** How a photo was derived, or null for a photo taken or imported. */
export function derivationOf(db: Db, photoId: string): DerivationFacts | null {
  const row = db.prepare('SELECT kind, mode, slider_position, alignment_id FROM photo_derivations WHERE photo_id = ?').get(photoId) as
    | { kind: 'comparison'; mode: DerivationFacts['mode']; slider_position: number | null; alignment_id: string | null }
    | undefined;
  if (!row) return null;
  const sources = db
    .prepare(
      `SELECT s.source_photo_id AS id, p.revision, p.deleted_at IS NOT NULL AS deleted FROM photo_derivation_sources s JOIN photos p ON p.id = s.source_photo_id
       WHERE s.photo_id = ? ORDER BY s.position`,
    )
    .all(photoId) as Array<{ id: string; revision: number; deleted: 0 | 1 }>;
  return { kind: row.kind, mode: row.mode, sliderPosition: row.slider_position, alignmentId: row.alignment_id, sources: sources.map((s) => ({ id: s.id, revision: s.revision, deleted: s.deleted === 1 })) };
}

/** Whether a derived photo was made from this one (it is then part of the record: never removed). */
export function isDerivationSource(db: Db, photoId: string): boolean {
  return db.prepare('SELECT 1 FROM photo_derivation_sources WHERE source_photo_id = ? LIMIT 1').get(photoId) !== undefined;
}
