// DICOM network names shared by the worklist and the DIMSE delivery target.
import { z } from 'zod';

/** PS3.5 AE: up to 16 characters, printable ASCII without backslash. */
export const AeTitle = z
  .string()
  .trim()
  .regex(/^[\x20-\x5b\x5d-\x7e]{1,16}$/, 'must be 1 to 16 ASCII characters without backslash');

/**
 * How a DIMSE delivery is verified: `commitment`, Storage Commitment Push Model (N-ACTION, the
 * PACS's N-EVENT-REPORT arriving on `commitmentPort`); `find`, an IMAGE-level C-FIND for the
 * instance's UIDs (the PACS lists it); `store-status`, the C-STORE success status alone, for a
 * PACS that answers no queries (docs/interop.md, "DIMSE C-STORE").
 */
export const DIMSE_VERIFICATIONS = ['commitment', 'find', 'store-status'] as const;

export const DimseTargetInput = z
  .object({
    calledAe: AeTitle,
    callingAe: AeTitle,
    verification: z.enum(DIMSE_VERIFICATIONS),
    /** Storage commitment only: the port this station listens on for the PACS's report. */
    commitmentPort: z.number().int().min(1).max(65535).nullable().optional(),
  })
  .strict();
export type DimseTargetInput = z.infer<typeof DimseTargetInput>;
