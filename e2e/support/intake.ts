// Shared by the intake e2e specs (issue 13): the clinic's administrator, the people it registers,
// and the first steps every scenario takes.
import type { Page } from '@playwright/test';
import { fillSetup, type AdminAccount } from './flows';
import { expect } from './shell';

export const ADMIN: AdminAccount = { clinicName: 'Fjord Skin Clinic', username: 'ilarsen', displayName: 'Dr Ingrid Larsen', password: 'harbour-lantern-copper-71' };

export const PEOPLE = [
  { mrn: 'FS-100042', familyName: 'García López', givenName: 'María José', birthDate: '1961-02-03', sex: 'F' as const },
  { mrn: 'FS-100043', familyName: 'Smith-Jones', givenName: 'Anna', birthDate: '1975-11-30', sex: 'F' as const },
  { mrn: 'FS-100044', familyName: 'Ørsted', givenName: 'Søren', birthDate: '1980-03-14', sex: 'M' as const },
  { mrn: 'FS-100045', familyName: '王', givenName: '秀英', birthDate: '1990-07-01', sex: 'F' as const },
  { mrn: 'FS-100046', familyName: 'الأحمد', givenName: 'محمد', birthDate: '1955-05-05', sex: 'M' as const },
  { mrn: 'FS-100047', familyName: 'Weiß', givenName: 'Łukasz', birthDate: '1949-12-24', sex: 'M' as const },
];

export async function setViewport(page: Page, width: number, height: number) {
  await page.setViewportSize({ width, height });
}

/** Sets the clinic up and leaves the administrator signed in on the patient list. */
export async function setUp(page: Page) {
  await fillSetup(page, ADMIN);
  await expect(page.getByRole('heading', { name: 'Patients', level: 1 })).toBeVisible();
}

