// Reading photos back: the gallery listing and the blob records behind a photo.
import type { Db } from '../db/open';
import type { BlobRecord } from '../blobs/blob-store';
import { CoreError } from '../../../shared/errors';

export interface PhotoRow {
  id: string;
  patient_id: string;
  encounter_id: string | null;
  captured_at: string;
  captured_by_name: string;
  source: 'camera' | 'import';
  device: string;
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  byte_size: number;
  sha256: string;
  original_blob_id: string;
  thumbnail_blob_id: string;
  thumbnail_width: number;
  thumbnail_height: number;
}

const SELECT = `
  SELECT p.id, p.patient_id, p.encounter_id, p.captured_at, u.display_name AS captured_by_name, p.source, p.device,
         p.mime, p.width, p.height, b.byte_size, b.sha256, p.original_blob_id, p.thumbnail_blob_id,
         p.thumbnail_width, p.thumbnail_height
  FROM photos p JOIN users u ON u.id = p.captured_by JOIN blobs b ON b.id = p.original_blob_id`;

export function listPhotoRows(db: Db, patientId: string): PhotoRow[] {
  return db.prepare(`${SELECT} WHERE p.patient_id = ? ORDER BY p.captured_at DESC, p.id`).all(patientId) as PhotoRow[];
}

export function getPhotoRow(db: Db, photoId: string): PhotoRow {
  const row = db.prepare(`${SELECT} WHERE p.id = ?`).get(photoId) as PhotoRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such photo.');
  return row;
}

interface BlobRow {
  id: string;
  file_name: string;
  wrapped_key: Buffer;
  key_version: number;
  byte_size: number;
  sha256: string;
}

export function getBlobRecord(db: Db, blobId: string): BlobRecord {
  const row = db.prepare('SELECT id, file_name, wrapped_key, key_version, byte_size, sha256 FROM blobs WHERE id = ?').get(blobId) as BlobRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such stored file.');
  return { id: row.id, fileName: row.file_name, wrappedKey: row.wrapped_key, keyVersion: row.key_version, byteSize: row.byte_size, sha256: row.sha256 };
}
