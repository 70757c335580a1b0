import type { Migration } from './index';

/** The recent-patients list and date-of-birth search without a scan or a temporary sort. */
export const m0002PatientListIndexes: Migration = {
  version: 2,
  name: 'patient-list-indexes',
  up(db) {
    db.exec(`
      DROP INDEX patients_by_birth_date;
      CREATE INDEX patients_by_birth_date ON patients (birth_date, search_name);
      CREATE INDEX patients_by_created_at ON patients (created_at);
    `);
  },
};
