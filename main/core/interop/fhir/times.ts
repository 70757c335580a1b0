// FHIR dateTime values in the local time a photo was taken in, with that offset
// (YYYY-MM-DDThh:mm:ss.sss+zz:zz, R4 2.24.0.11): readers see the time the camera showed and still
// get the instant.

/** `at` (an ISO instant) written in the local time `offsetMinutes` east of UTC. */
export function fhirDateTime(at: string, offsetMinutes: number): string {
  const local = new Date(Date.parse(at) + offsetMinutes * 60_000);
  if (Number.isNaN(local.getTime())) throw new Error('timestamp expected');
  const abs = Math.abs(offsetMinutes);
  const offset = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local.toISOString().slice(0, 23)}${offset}`;
}
