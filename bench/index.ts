// `npm run bench -- [name] [--runs N]`: benchmarks that print a ratio against a baseline measured
// in the same run on the same machine, never an absolute threshold.
//   startup  launch of the browser shell to "ready" vs a bare Chromium launch to a blank page
//   capture  capture.take (camera → decode → seal → index → thumbnail) vs the same camera frame
//            put through hash + AES-256-GCM + the same libvips thumbnail with no app around it
//   ingest   [--count N] 6000×4000 JPEGs through the real import path vs read + hash + seal + write +
//            the same thumbnail; last line `ingest ratio <x>`
//   sync     [--count N] [--runs R] 6000×4000 photos delivered by the sync worker to a local Orthanc
//            behind nginx TLS vs a bare STOW-RS upload of the same DICOM files, R alternating rounds
//            (default 5; N defaults to 40); last line `sync ratio <x>`
//   archive  [--count N] [--runs R] N 6000×4000 photos (default 12) archived to a local Swift+s3api by
//            `archive.run` vs a bare SDK upload of the same sealed files; restore throughput; last
//            line `archive ratio <x>`
//   audit    `audit verify` of 100,000 records in SQLCipher vs a bare SHA-256 chain over the same
//            serialised records in memory
//   align    [--count N] N similarity and N perspective pairs (default 6 each) of 6000×4000 photos aligned through
//            compare.align vs the bare registration pipeline on the same images; corner errors
//            against the truth; last line `align ratio <x>`
//   gallery  [--runs R] a patient with 10,000 photos against one with 50 on a data directory of 5,000
//            patients, through the real UI: first screenful of decoded thumbnails (ratio), core page
//            p95, renderer memory after scrolling all 10,000, longest core stall; last line
//            `gallery ratio <x>`
//   compose  [--runs N] two and four 6000×4000 photos exported as comparisons (side by side, slider,
//            2 × 2 grid) through compare.export; longest main-thread block during each export
//            (monitorEventLoopDelay); last line `compose stall <ms>`
//   keys     sign-in unlock at the production Argon2id cost vs a bare hashRaw with the same
//            parameters; key rotation time for 1,000 photos' blob rows
import { parseArgs } from 'node:util';
import { benchAlign } from './align';
import { benchArchive } from './archive';
import { benchAudit } from './audit';
import { benchCapture } from './capture';
import { benchCompose } from './compose';
import { benchGallery } from './gallery';
import { benchIngest } from './ingest';
import { benchKeys } from './keys';
import { benchStartup } from './startup';
import { benchSync } from './sync';

const BENCHES: Record<string, (runs: number) => Promise<void>> = {
  startup: benchStartup,
  audit: benchAudit,
  capture: benchCapture,
  keys: benchKeys,
  // Seven rounds (its most): two medians of ~150 ms each, a few ms of noise apart, make the ratio.
  gallery: (runs) => benchGallery(values.runs === undefined ? 7 : runs),
  compose: (runs) => benchCompose(values.runs === undefined ? 3 : runs),
  ingest: () => benchIngest({ count: values.count === undefined ? undefined : Math.max(1, Number(values.count)) }),
  archive: () => benchArchive({ count: values.count === undefined ? undefined : Math.max(1, Number(values.count)), rounds: values.runs === undefined ? undefined : Number(values.runs) }),
  align: () => benchAlign({ count: values.count === undefined ? undefined : Math.max(1, Number(values.count)) }),
  sync: () => benchSync({ count: values.count === undefined ? undefined : Math.max(1, Number(values.count)), rounds: values.runs === undefined ? undefined : Number(values.runs) }),
};

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' }, count: { type: 'string' } } });
const names = positionals.length > 0 ? positionals : Object.keys(BENCHES);
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  await bench(Number(values.runs ?? 5));
}
