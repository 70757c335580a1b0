// DICOM network names shared by the worklist and the DIMSE delivery target.
import { z } from 'zod';

/** PS3.5 AE: up to 16 characters, printable ASCII without backslash. */
export const AeTitle = z
  .string()
  .trim()
  .regex(/^[\x20-\x5b\x5d-\x7e]{1,16}$/, 'must be 1 to 16 ASCII characters without backslash');

/**
 * How a DIMSE delivery is verified: `find`, an IMAGE-level C-FIND for the instance's UIDs (the PACS
 * lists it); `store-status`, the C-STORE success status alone, for a PACS that answers no queries
 * (docs/interop.md, "DIMSE C-STORE").
 */
export const DIMSE_VERIFICATIONS = ['find', 'store-status'] as const;

export const DimseTargetInput = z
  .object({
    calledAe: AeTitle,
    callingAe: AeTitle,
    verification: z.enum(DIMSE_VERIFICATIONS),
  })
  .strict();
export type DimseTargetInput = z.infer<typeof DimseTargetInput>;
