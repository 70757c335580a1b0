// `npm run bench -- [name] [--runs N]`: benchmarks that print a ratio against a baseline measured
// in the same run on the same machine, never an absolute threshold.
//   startup  launch of the browser shell to "ready" vs a bare Chromium launch to a blank page
//   capture  capture.take (camera → decode → seal → index → thumbnail) vs the same camera frame
//            put through hash + AES-256-GCM + the same libvips thumbnail with no app around it
import { parseArgs } from 'node:util';
import { benchCapture } from './capture';
import { benchStartup } from './startup';

const BENCHES: Record<string, (runs: number) => Promise<void>> = { startup: benchStartup, capture: benchCapture };

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' } } });
const names = positionals.length > 0 ? positionals : Object.keys(BENCHES);
for (const name of names) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  await bench(Number(values.runs ?? 5));
}
