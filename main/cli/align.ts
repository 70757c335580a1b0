// `align`: aligns one photo onto another with the same pipeline as the compare view (issue 10,
// "For scripting and verification") and prints one JSON line: the 3×3 matrix mapping a pixel of
// the photo --to (upright) onto the photo --from, the model ("similarity", or "homography" for a
// pair taken from another angle), the inliers and the RMS error in pixels. The alignment is stored
// and audited like one made on screen. Exit 1 with a one-line reason when the photos cannot be
// aligned.
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, describeCoreError, EXIT_OK } from './errors';
import { t } from './i18n';
import { openWorkstation, signIn } from './workstation';

export const alignUsage = (): string => t('usage.align');

const spec = {
  usage: alignUsage,
  options: {
    'data-dir': { type: 'string' },
    user: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  required: ['data-dir', 'user', 'from', 'to'],
} as const satisfies CommandSpec<Record<string, { type: 'string' }>>;

export async function runAlign(args: readonly string[]): Promise<number> {
  const parsed = parseCommand(args, spec);
  if (parsed === 'help') {
    process.stdout.write(alignUsage());
    return EXIT_OK;
  }
  const { values } = parsed;
  const fromPhotoId = required(values, 'from').trim();
  const toPhotoId = required(values, 'to').trim();
  return openWorkstation(required(values, 'data-dir'), async (ws) => {
    await signIn(ws, required(values, 'user'));
    const result = await ws.client.api.compare.align({ fromPhotoId, toPhotoId });
    if (!result.ok) {
      const { code, fields } = result.error;
      if (code === 'NOT_FOUND') throw new CliError(t('align.noPhoto', { id: String(fields?.photoId ?? `${fromPhotoId}, ${toPhotoId}`) }));
      throw new CliError(describeCoreError(result.error, { fromPhotoId: '--from', toPhotoId: '--to' }));
    }
    const { matrix, model, inliers, rmsPx } = result.value;
    process.stdout.write(`${JSON.stringify({ matrix, model, inliers, rmsPx })}\n`);
    return EXIT_OK;
  });
}
