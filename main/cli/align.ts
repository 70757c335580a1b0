// `align`: aligns one photo onto another with the same pipeline as the compare view (issue 10,
// "For scripting and verification") and prints one JSON line: the 3×3 matrix mapping a pixel of
// the photo --to (upright) onto the photo --from, the model, the inliers and the RMS error in
// pixels. The alignment is stored and audited like one made on screen. Exit 1 with a one-line
// reason when the photos cannot be aligned.
import { parseCommand, required, type CommandSpec } from './args';
import { CliError, describeCoreError, EXIT_OK } from './errors';
import { openWorkstation, signIn } from './workstation';

export const ALIGN_USAGE = `Usage: align --data-dir DIR --user USER --from ID1 --to ID2

Signs in as USER (password: first line of stdin, typed without echo at a terminal),
aligns photo ID2 onto photo ID1 (AKAZE features, ratio test, RANSAC similarity, ECC
refinement; docs/compare.md) and prints one JSON line:
  {"matrix":[[a,b,c],[d,e,f],[g,h,i]],"model":"similarity","inliers":N,"rmsPx":X}
where matrix maps a pixel (x, y) of ID2, in its own upright pixel coordinates, to the
corresponding pixel of ID1. The alignment is stored with its inputs and audited.
When the photos cannot be aligned (different site, too little overlap): exit 1 and
a one-line reason.

Options:
  --data-dir DIR   Workstation data directory
  --user USER      Your username
  --from ID1       The photo to align onto (its id, as printed by import)
  --to ID2         The photo to align
  -h, --help       Show this help
`;

const spec = {
  usage: ALIGN_USAGE,
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
    process.stdout.write(ALIGN_USAGE);
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
      if (code === 'NOT_FOUND') throw new CliError(`no photo has id ${fields?.photoId ?? `${fromPhotoId} or ${toPhotoId}`}`);
      throw new CliError(describeCoreError(result.error, { fromPhotoId: '--from', toPhotoId: '--to' }));
    }
    const { matrix, model, inliers, rmsPx } = result.value;
    process.stdout.write(`${JSON.stringify({ matrix, model, inliers, rmsPx })}\n`);
    return EXIT_OK;
  });
}
