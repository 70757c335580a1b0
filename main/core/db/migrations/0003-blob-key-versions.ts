// Migration 0003: an index on the blob rows' KEK version, so a key rotation (and its resumption
// after a crash) finds the rows still under the previous KEK without scanning the whole table.
import type { Migration } from './index';

export const m0003BlobKeyVersions: Migration = {
  version: 3,
  name: 'blob-key-versions',
  up(db) {
    db.exec('CREATE INDEX blobs_by_key_version ON blobs (key_version, id);');
  },
};
