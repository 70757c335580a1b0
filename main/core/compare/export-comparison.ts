// compare.export: a comparison of two to four photos of one patient, drawn in the core's compose
// worker thread (compose-service.ts, the core's own: compare/workers.ts; two: comparison-image.ts, side by side or a slider snapshot;
// three or four: comparison-grid.ts, a grid) with each photo's date, site, side, view and the
// interval in the user's language, then stored as
// a NEW photo of that patient exactly as an ingest stores one: original and thumbnail sealed, blob
// rows, the photo row (source 'derived') with its derivation and all its sources, the audit record
// and its queued deliveries in one transaction. Nothing is written in plaintext; if anything fails
// the sealed files are removed and nothing is recorded.
import type { Alignment } from '../../../shared/channels/compare';
import type { ComparisonExportRequest } from '../../../shared/channels/compare-export';
import type { Photo } from '../../../shared/domain';
import { CoreError } from '../../../shared/errors';
import { translator, type Translator } from '../../../shared/i18n/intl';
import { DEFAULT_LOCALE, textDirection } from '../../../shared/i18n/locales';
import type { MessageId } from '../../../shared/i18n/catalog';
import { recordAudit } from '../audit/audit';
import { getBlobRecord, insertBlobRows } from '../blobs/blob-rows';
import type { BlobRecord } from '../blobs/blob-store';
import { writeTransaction } from '../db/write';
import { photoView } from '../handlers/photos';
import { inspectImage } from '../imaging/inspect';
import { insertDerivedPhoto } from '../photos/derivations';
import { getPhotoRow, type PhotoRow } from '../photos/photos';
import { readUserLocale } from '../preferences/user-locale';
import { readWorkstationLocale } from '../preferences/workstation-file';
import type { CallContext } from '../router';
import type { CoreServices } from '../services';
import { newId } from '../support/ids';
import { enqueueDeliveries } from '../sync/outbox';
import { latestAlignment } from './alignment-rows';
import type { ComposeService } from './compose-service';

const DAY_MS = 86_400_000;

/** When the photo was taken (the camera's time for imports), as the compare view dates it. */
const takenAt = (row: PhotoRow): string => row.acquired_at ?? row.captured_at;

function siteLine(row: PhotoRow, { t }: Translator): string {
  if (row.body_site_code === null) return t('derived.caption.noSite');
  const side = row.laterality && row.laterality !== 'unpaired' ? t(`capture.side.${row.laterality}`) : null;
  const view = row.view ? t(`capture.view.${row.view.replaceAll(' ', '-')}` as MessageId) : null;
  return [row.body_site_display ?? row.body_site_code, side, view].filter((part): part is string => Boolean(part)).join(' · ');
}

/**
 * The words under each photo, earliest first: its date, site, side and view; for each later photo
 * also the interval from the first and whether it was placed by a stored alignment (`aligned[i]`).
 */
export function photoCaptions(rows: readonly PhotoRow[], aligned: readonly boolean[], tr: Translator): string[][] {
  const first = rows[0]!;
  return rows.map((row, i) => {
    if (i === 0) return [tr.t('derived.caption.baseline', { date: tr.f.dateTime(takenAt(row)) }), siteLine(row, tr)];
    const days = Math.round((Date.parse(takenAt(row)) - Date.parse(takenAt(first))) / DAY_MS);
    return [tr.t('derived.caption.later', { date: tr.f.dateTime(takenAt(row)), interval: tr.f.days(days) }), siteLine(row, tr), tr.t(aligned[i] ? 'derived.caption.aligned' : 'derived.caption.fitted')];
  });
}

/** The two-photo captions (the earlier photo's, then the later one's). */
export function comparisonCaptions(first: PhotoRow, second: PhotoRow, aligned: boolean, tr: Translator): [string[], string[]] {
  const [a, b] = photoCaptions([first, second], [false, aligned], tr);
  return [a!, b!];
}

/** The photos, each checked for the caller's access as the viewer checks it, earliest first. */
function sourcesFor(s: CoreServices, ctx: CallContext, ids: readonly string[]): PhotoRow[] {
  const { db } = s.workspace();
  if (new Set(ids).size !== ids.length) throw new CoreError('VALIDATION_FAILED', 'Choose different photos to compare.', { photoIds: 'the same photo twice' });
  const rows = ids.map((id) => getPhotoRow(db, id));
  // Deny first: a photo of a patient the caller may not see is refused as such, never described.
  for (const row of rows) s.requirePatientAccess(ctx, row.patient_id, 'photos');
  if (rows.some((r) => r.patient_id !== rows[0]!.patient_id)) throw new CoreError('VALIDATION_FAILED', 'Only photos of the same patient can be compared.', { photoIds: 'two patients' });
  if (rows.some((r) => r.source === 'derived')) {
    throw new CoreError('VALIDATION_FAILED', 'A comparison is made of photos that were taken or imported, not of another comparison.', { photoIds: 'a derived photo' });
  }
  return rows.sort((a, b) => (takenAt(a) < takenAt(b) || (takenAt(a) === takenAt(b) && a.id < b.id) ? -1 : 1));
}

/** Draws the comparison: two photos as asked (side by side or a slider snapshot), three or four as a grid. */
async function draw(composer: ComposeService, req: ComparisonExportRequest, originals: Uint8Array[], alignments: ReadonlyArray<Alignment | null>, captions: string[][], direction: 'ltr' | 'rtl') {
  const matrices = [null, ...alignments.map((a) => a?.matrix ?? null)];
  // Drawn in the compose worker, so the core's thread keeps answering every window meanwhile.
  if (req.mode === 'grid') {
    const grid = await composer.renderGrid({ photos: originals, matrices, captions, direction });
    return { ...grid, jpeg: Buffer.from(grid.jpeg.buffer, grid.jpeg.byteOffset, grid.jpeg.byteLength), layout: `${grid.layout!.columns}x${grid.layout!.rows}` };
  }
  const image = await composer.renderComparison({
    first: originals[0]!,
    second: originals[1]!,
    matrix: matrices[1] ?? null,
    mode: req.mode,
    position: req.sliderPosition ?? 0.5,
    captions: [captions[0]!, captions[1]!],
    direction,
  });
  return { ...image, jpeg: Buffer.from(image.jpeg.buffer, image.jpeg.byteOffset, image.jpeg.byteLength), layout: null };
}

export async function exportComparison(s: CoreServices, composer: ComposeService, ctx: CallContext, req: ComparisonExportRequest): Promise<{ photo: Photo; aligned: boolean }> {
  const user = s.actor(ctx).user;
  const sources = sourcesFor(s, ctx, req.photoIds);
  const first = sources[0]!;
  const { db, blobs } = s.workspace();
  // Each later photo is placed by its own newest alignment onto the first, as the view shows the pair.
  const alignments = sources.slice(1).map((later) => latestAlignment(db, first.id, later.id));
  const locale = readUserLocale(db, user.id) ?? (await readWorkstationLocale(s.dataDir)) ?? DEFAULT_LOCALE;
  const captions = photoCaptions(sources, [false, ...alignments.map((a) => a !== null)], translator(locale));
  const originals = await Promise.all(sources.map((r) => blobs.read(getBlobRecord(db, r.original_blob_id))));
  const image = await draw(composer, req, originals, alignments, captions, textDirection(locale));
  const inspected = await inspectImage(image.jpeg);
  const written: BlobRecord[] = [];
  const at = s.clock();
  const photoId = newId();
  try {
    written.push(await blobs.put(image.jpeg));
    written.push(await blobs.put(inspected.thumbnail.bytes));
    const [original, thumbnail] = written as [BlobRecord, BlobRecord];
    writeTransaction(db, () => {
      // Checked again inside the transaction: a source deleted meanwhile is not compared.
      for (const source of sources) getPhotoRow(db, source.id);
      insertBlobRows(db, written, at);
      insertDerivedPhoto(db, {
        id: photoId,
        patientId: first.patient_id,
        createdAt: at,
        createdBy: user.id,
        width: image.width,
        height: image.height,
        originalBlobId: original.id,
        thumbnail: { blobId: thumbnail.id, width: inspected.thumbnail.width, height: inspected.thumbnail.height },
        // A grid is stored as what it is, photos side by side in panels; its sources say how many.
        mode: req.mode === 'grid' ? 'side-by-side' : req.mode,
        sliderPosition: req.mode === 'slider' ? (req.sliderPosition ?? 0.5) : null,
        // One alignment column: a pair's. A grid's per-panel alignments are in its audit record and drawn in its captions.
        alignmentId: sources.length === 2 ? (alignments[0]?.id ?? null) : null,
        note: req.note && req.note.length > 0 ? req.note : null,
        sources: sources.map((r) => ({ id: r.id, revision: r.revision })),
      });
      recordAudit(db, at, {
        userId: user.id,
        action: 'compare.export',
        outcome: 'success',
        patientId: first.patient_id,
        photoId,
        detail: `sources=${sources.map((r) => r.id).join(',')};mode=${req.mode}${image.layout ? `;layout=${image.layout}` : ''};aligned=${alignments.map((a) => a?.id ?? 'no').join(',')};note=${req.note ? 'yes' : 'no'}`,
      });
      // The outbox: the new photo and its queued deliveries commit together or not at all.
      enqueueDeliveries(db, photoId, at);
    });
  } catch (error) {
    await Promise.all(written.map((b) => blobs.discard(b.fileName)));
    throw error;
  }
  return { photo: photoView(getPhotoRow(db, photoId), s.client(ctx), user.id), aligned: alignments.every((a) => a !== null) };
}
