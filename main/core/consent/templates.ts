// Consent templates (docs/consent.md, "Templates"): the `consent_templates` table's one owner.
// A template is a series of versions; saving makes a new version and never touches an old one (the
// table's triggers refuse it too), so the text signed under a version stays what it was. A
// version is identified by the SHA-256 of its exact stored text; the text shown to a patient has
// the clinic's name merged in, and a signed consent keeps that shown text and its own hash.
import { createHash } from 'node:crypto';
import type { ConsentTemplate, ShownTemplate } from '../../../shared/consent';
import { CoreError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { newId } from '../support/ids';

/** The template the migration seeds (English), which a clinic copies and edits. */
export const DEFAULT_TEMPLATE_ID = 'c0a5e47d000000000000000000000001';

/** The placeholder for the clinic's name in a template's text. */
export const CLINIC_NAME_FIELD = '{{clinicName}}';

export const sha256Hex = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

interface TemplateRow {
  id: string;
  version: number;
  name: string;
  language: string;
  text: string;
  sha256: string;
  created_at: string;
  created_by_name: string | null;
  latest: number;
}

const SELECT = `
  SELECT t.id, t.version, t.name, t.language, t.text, t.sha256, t.created_at, u.display_name AS created_by_name,
         (SELECT max(version) FROM consent_templates l WHERE l.id = t.id) AS latest
  FROM consent_templates t LEFT JOIN users u ON u.id = t.created_by`;

const view = (row: TemplateRow): ConsentTemplate => ({
  id: row.id,
  version: row.version,
  name: row.name,
  language: row.language,
  text: row.text,
  sha256: row.sha256,
  createdAt: row.created_at,
  createdBy: row.created_by_name,
  current: row.version === row.latest,
});

export function listTemplates(db: Db): ConsentTemplate[] {
  return (db.prepare(`${SELECT} ORDER BY t.name, t.id, t.version DESC`).all() as TemplateRow[]).map(view);
}

/** A version, or the newest one when `version` is absent. */
export function getTemplate(db: Db, templateId: string, version?: number): ConsentTemplate {
  const row = (
    version === undefined
      ? db.prepare(`${SELECT} WHERE t.id = ? ORDER BY t.version DESC LIMIT 1`).get(templateId)
      : db.prepare(`${SELECT} WHERE t.id = ? AND t.version = ?`).get(templateId, version)
  ) as TemplateRow | undefined;
  if (!row) throw new CoreError('NOT_FOUND', 'No such consent template version.');
  return view(row);
}

/** The text as shown: every {{clinicName}} replaced by the clinic's name, nothing else changed. */
export const mergeClinicName = (text: string, clinicName: string): string => text.split(CLINIC_NAME_FIELD).join(clinicName);

export function showTemplate(template: ConsentTemplate, clinicName: string): ShownTemplate {
  const shownText = mergeClinicName(template.text, clinicName);
  return { template, shownText, shownSha256: sha256Hex(shownText) };
}

/** Saves `text` as the next version of `templateId`, or as version 1 of a new template. */
export function saveTemplateVersion(db: Db, input: { templateId?: string | undefined; name: string; language: string; text: string }, userId: string, at: Date): ConsentTemplate {
  const id = input.templateId ?? newId();
  const latest = db.prepare('SELECT max(version) FROM consent_templates WHERE id = ?').pluck().get(id) as number | null;
  if (input.templateId !== undefined && latest === null) throw new CoreError('NOT_FOUND', 'No such consent template.');
  const version = (latest ?? 0) + 1;
  db.prepare('INSERT INTO consent_templates (id, version, name, language, text, sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    id,
    version,
    input.name,
    input.language,
    input.text,
    sha256Hex(input.text),
    at.toISOString(),
    userId,
  );
  return getTemplate(db, id, version);
}
