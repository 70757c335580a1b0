import { randomBytes } from 'node:crypto';

/** 128-bit random identifier as 32 lowercase hex characters. */
export const newId = (): string => randomBytes(16).toString('hex');

/** 256-bit random opaque token, URL-safe (43 characters). */
export const newToken = (): string => randomBytes(32).toString('base64url');
