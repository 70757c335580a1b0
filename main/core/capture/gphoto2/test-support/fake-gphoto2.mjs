// A stand-in for the gphoto2 executable, for the code paths that need a real camera on USB (capture,
// live view, tethered mode), which cannot exist on the build machines. It prints what gphoto2
// prints (recorded texts from e2e/fixtures/gphoto2) and, like gphoto2's save_file_to_file, first
// tries to create `tmpfileXXXXXX` in its working directory: if that ever succeeds the driver's
// vanishing working directory failed, and the fake says so loudly instead of delivering bytes.
// Usage (through a wrapper on PATH): node fake-gphoto2.mjs <scenario.json> <gphoto2 args…>
import { openSync, closeSync, readFileSync } from 'node:fs';

const [scenarioPath, ...args] = process.argv.slice(2);
const scenario = JSON.parse(readFileSync(scenarioPath, 'utf8'));
const has = (flag) => args.includes(flag);
const out = (b) => process.stdout.write(b);
const fail = (stderrFile, code = 1) => {
  process.stderr.write(readFileSync(stderrFile, 'utf8'));
  process.exit(code);
};

function tryTempFileLikeGphoto2() {
  try {
    const fd = openSync(`tmpfile${Math.random().toString(36).slice(2, 8)}`, 'wx', 0o600);
    closeSync(fd);
    process.stderr.write('FAKE: tmpfile was created in the working directory\n');
    process.exit(99);
  } catch (error) {
    if (error.code === 'EACCES') fail(scenario.fixtures + '/capture-no-camera.stderr.txt');
    // ENOENT: gphoto2 falls back to an in-memory CameraFile, and so do we.
  }
}

function sized(bytes) {
  out(`${bytes.length}\n`);
  out(bytes);
}

if (scenario.recordArgs) process.stderr.write(`ARGS ${JSON.stringify(args)} HOME=${process.env.HOME} CWD_OK=${(() => { try { return process.cwd() && 'yes'; } catch { return 'gone'; } })()}\n`);

if (has('--auto-detect')) {
  out(readFileSync(scenario.autoDetect, 'utf8'));
  process.exit(0);
}

const mode = scenario.mode;
if (mode === 'busy') fail(scenario.fixtures + '/capture-usb-claimed.stderr.txt');
if (mode === 'card-full') fail(scenario.fixtures + '/capture-card-full.stderr.txt');
if (mode === 'no-camera') fail(scenario.fixtures + '/capture-no-camera.stderr.txt');
if (mode === 'hang') setInterval(() => {}, 1 << 30);

const jpegs = (scenario.jpegs ?? []).map((p) => readFileSync(p));

if (has('--capture-image-and-download')) {
  if (mode === 'hang') {
    // never answers
  } else if (mode === 'disconnect') {
    tryTempFileLikeGphoto2();
    out(`${jpegs[0].length}\n`);
    out(jpegs[0].subarray(0, jpegs[0].length >> 1));
    setTimeout(() => fail(scenario.fixtures + '/capture-disconnected.stderr.txt'), 20);
  } else {
    tryTempFileLikeGphoto2();
    sized(jpegs[0]);
    process.exit(0);
  }
}

if (has('--capture-movie')) {
  // Frames back to back, written in uneven pieces as a pipe delivers them.
  let n = 0;
  const timer = setInterval(() => {
    const frame = jpegs[n++ % jpegs.length];
    const cut = Math.max(1, Math.floor(frame.length / 3));
    out(frame.subarray(0, cut));
    setTimeout(() => out(frame.subarray(cut)), 2);
  }, 15);
  process.on('SIGINT', () => {
    clearInterval(timer);
    process.stderr.write('Ctrl-C pressed ... Exiting.\n');
    process.exit(0);
  });
}

if (has('--capture-tethered') || has('--wait-event-and-download')) {
  // What the wait-event loop prints: event lines between downloaded files.
  const steps = [];
  for (const j of jpegs) steps.push(() => out('UNKNOWN PTP Property d1a2 changed\n'), () => { tryTempFileLikeGphoto2(); sized(j); }, () => out('CAPTURECOMPLETE\n'));
  if (mode === 'disconnect') steps.push(() => { out(`${jpegs[0].length}\n`); out(jpegs[0].subarray(0, 100)); }, () => fail(scenario.fixtures + '/capture-disconnected.stderr.txt'));
  let i = 0;
  const timer = setInterval(() => {
    const step = steps[i++];
    if (step) step();
  }, 20);
  process.on('SIGINT', () => {
    clearInterval(timer);
    process.exit(0);
  });
}
