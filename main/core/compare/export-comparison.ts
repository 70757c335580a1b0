// compare.export: a comparison of two photos of one patient, drawn in the core
// (comparison-image.ts) with each photo's date, site, side, view and the interval in the user's
// language, then stored as a NEW photo of that patient exactly as an ingest stores one: original
// and thumbnail sealed, blob rows, the photo row (source 'derived') with its derivation and
// sources, the audit record and its queued deliveries in one transaction. Nothing is written in
// plaintext; if anything fails the sealed files are removed and nothing is recorded.
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
import { renderComparison } from './comparison-image';

const DAY_MS = 86_400_000;

/** When the photo was taken (the camera's time for imports), as the compare view dates it. */
const takenAt = (row: PhotoRow): string => row.acquired_at ?? row.captured_at;

function siteLine(row: PhotoRow, { t }: Translator): string {
  if (row.body_site_code === null) return t('derived.caption.noSite');
  const side = row.laterality && row.laterality !== 'unpaired' ? t(`capture.side.${row.laterality}`) : null;
  const view = row.view ? t(`capture.view.${row.view.replaceAll(' ', '-')}` as MessageId) : null;
  return [row.body_site_display ?? row.body_site_code, side, view].filter((part): part is string => Boolean(part)).join(' · ');
}

/** The words under each photo: its date (and the interval, for the later one), site, side and view. */
export function comparisonCaptions(first: PhotoRow, second: PhotoRow, aligned: boolean, tr: Translator): [string[], string[]] {
  const days = Math.round((Date.parse(takenAt(second)) - Date.parse(takenAt(first))) / DAY_MS);
  return [
    [tr.t('derived.caption.baseline', { date: tr.f.dateTime(takenAt(first)) }), siteLine(first, tr)],
    [tr.t('derived.caption.later', { date: tr.f.dateTime(takenAt(second)), interval: tr.f.days(days) }), siteLine(second, tr), tr.t(aligned ? 'derived.caption.aligned' : 'derived.caption.fitted')],
  ];
}

/** The two photos, each checked for the caller's access as the viewer checks it, earlier first. */
function sourcesFor(s: CoreServices, ctx: CallContext, ids: readonly [string, string]): [PhotoRow, PhotoRow] {
  const { db } = s.workspace();
  if (ids[0] === ids[1]) throw new CoreError('VALIDATION_FAILED', 'Choose two different photos to compare.', { photoIds: 'the same photo twice' });
  const rows = ids.map((id) => getPhotoRow(db, id));
  // Deny first: a photo of a patient the caller may not see is refused as such, never described.
  for (const row of rows) s.requirePatientAccess(ctx, row.patient_id, 'photos');
  const [a, b] = rows as [PhotoRow, PhotoRow];
  if (a.patient_id !== b.patient_id) throw new CoreError('VALIDATION_FAILED', 'Only photos of the same patient can be compared.', { photoIds: 'two patients' });
  if (a.source === 'derived' || b.source === 'derived') {
    throw new CoreError('VALIDATION_FAILED', 'A comparison is made of photos that were taken or imported, not of another comparison.', { photoIds: 'a derived photo' });
  }
  return takenAt(a) < takenAt(b) || (takenAt(a) === takenAt(b) && a.id < b.id) ? [a, b] : [b, a];
}

export async function exportComparison(s: CoreServices, ctx: CallContext, req: ComparisonExportRequest): Promise<{ photo: Photo; aligned: boolean }> {
  const user = s.actor(ctx).user;
  const [first, second] = sourcesFor(s, ctx, req.photoIds);
  const { db, blobs } = s.workspace();
  const alignment = latestAlignment(db, first.id, second.id);
  const locale = readUserLocale(db, user.id) ?? (await readWorkstationLocale(s.dataDir)) ?? DEFAULT_LOCALE;
  const tr = translator(locale);
  const captions = comparisonCaptions(first, second, alignment !== null, tr);
  const [firstBytes, secondBytes] = await Promise.all([blobs.read(getBlobRecord(db, first.original_blob_id)), blobs.read(getBlobRecord(db, second.original_blob_id))]);
  const image = await renderComparison({
    first: firstBytes,
    second: secondBytes,
    matrix: alignment?.matrix ?? null,
    mode: req.mode,
    position: req.sliderPosition ?? 0.5,
    captions,
    direction: textDirection(locale),
  });
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
      getPhotoRow(db, first.id);
      getPhotoRow(db, second.id);
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
        mode: req.mode,
        sliderPosition: req.mode === 'slider' ? (req.sliderPosition ?? 0.5) : null,
        alignmentId: alignment?.id ?? null,
        note: req.note && req.note.length > 0 ? req.note : null,
        sources: [first, second].map((r) => ({ id: r.id, revision: r.revision })),
      });
      recordAudit(db, at, {
        userId: user.id,
        action: 'compare.export',
        outcome: 'success',
        patientId: first.patient_id,
        photoId,
        detail: `sources=${first.id},${second.id};mode=${req.mode};aligned=${alignment ? alignment.id : 'no'};note=${req.note ? 'yes' : 'no'}`,
      });
      // The outbox: the new photo and its queued deliveries commit together or not at all.
      enqueueDeliveries(db, photoId, at);
    });
  } catch (error) {
    await Promise.all(written.map((b) => blobs.discard(b.fileName)));
    throw error;
  }
  return { photo: photoView(getPhotoRow(db, photoId), s.client(ctx), user.id), aligned: alignment !== null };
}
