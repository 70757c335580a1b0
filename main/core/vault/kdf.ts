// Password-based key derivation for key slots: Argon2id, parameters recorded with every slot so
// they can be raised later without breaking existing slots.
import { hashRaw, type Algorithm, type Version } from '@node-rs/argon2';
import { z } from 'zod';

export const KdfParams = z.object({
  name: z.literal('argon2id'),
  version: z.literal(19),
  memoryKiB: z.number().int().min(8 * 1024).max(4 * 1024 * 1024),
  iterations: z.number().int().min(1).max(64),
  parallelism: z.number().int().min(1).max(16),
  salt: z.string().regex(/^(?:[0-9a-f]{2}){16,64}$/),
});
export type KdfParams = z.infer<typeof KdfParams>;
export type KdfCost = Pick<KdfParams, 'memoryKiB' | 'iterations' | 'parallelism'>;

/** 64 MiB, 3 passes, 1 lane: about a third of a second on the reference 2-core machine. */
export const DEFAULT_KDF_COST: KdfCost = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 1 };

// The library's enums are `const enum`s, which isolated modules cannot read: their documented values.
const ARGON2ID = 2 as Algorithm;
const V0X13 = 1 as Version;

export async function deriveKey(password: string, params: KdfParams): Promise<Buffer> {
  return hashRaw(password.normalize('NFC'), {
    algorithm: ARGON2ID,
    version: V0X13,
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
    outputLen: 32,
    salt: Buffer.from(params.salt, 'hex'),
  });
}
