// Numbered, forward-only migrations. Each runs in its own transaction and bumps user_version;
// a database written by a newer app is refused rather than guessed at. Migrations are frozen
// text: a migration file imports only Node built-ins and, for types, this runner and the driver,
// and carries its own copy of every constant, byte format and SQL it uses, so changing the app
// never changes what an old migration does (index.test.ts refuses anything else).
import type Database from 'better-sqlite3-multiple-ciphers';
import { CoreError } from '../../../../shared/errors';
import { m0001Initial } from './0001-initial';
import { m0002PatientListIndexes } from './0002-patient-list-indexes';
import { m0003BlobKeyVersions } from './0003-blob-key-versions';
import { m0004Identity } from './0004-identity';
import { m0005AccessControl } from './0005-access-control';
import { m0006AuditChain } from './0006-audit-chain';
import { m0007CaptureStandards } from './0007-capture-standards';
import { m0008Outbox } from './0008-outbox';
import { m0009OutboxTargetIndex } from './0009-outbox-target-index';
import { m0010AccountSponsors } from './0010-account-sponsors';
import { m0011OutboxClaims } from './0011-outbox-claims';
import { m0012Consent } from './0012-consent';
import { m0013SmartLaunch } from './0013-smart-launch';
import { m0014InteropPhotos } from './0014-interop-photos';
import { m0015Archive } from './0015-archive';
import { m0016DimseWorklist } from './0016-dimse-worklist';
import { m0017UserPreferences } from './0017-user-preferences';
import { m0018Corrections } from './0018-corrections';
import { m0019Annotations } from './0019-annotations';
import { m0020Compare } from './0020-compare';
import { m0021GalleryIndexes } from './0021-gallery-indexes';
import { m0022DerivedPhotos } from './0022-derived-photos';
import { m0023GalleryCountIndexes } from './0023-gallery-count-indexes';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [m0001Initial, m0002PatientListIndexes, m0003BlobKeyVersions, m0004Identity, m0005AccessControl, m0006AuditChain, m0007CaptureStandards, m0008Outbox, m0009OutboxTargetIndex, m0010AccountSponsors, m0011OutboxClaims, m0012Consent, m0013SmartLaunch, m0014InteropPhotos, m0015Archive, m0016DimseWorklist, m0017UserPreferences, m0018Corrections, m0019Annotations, m0020Compare, m0021GalleryIndexes, m0022DerivedPhotos, m0023GalleryCountIndexes];

export const LATEST_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new CoreError('DATABASE_TOO_NEW', `The database was written by a newer version of this app (schema ${current}, this app knows ${latest}). Update the app.`);
  }
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
