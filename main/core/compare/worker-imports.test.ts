// What each compare worker thread loads: the packages its entry reaches through the imports that
// are kept at run time (type-only imports are erased). A worker loads only what its job needs, so
// a helper imported from elsewhere must not drag, say, the DICOM toolkit into the compose worker.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** `import x from '…'`, `import { a } from '…'`, `import '…'`, `export … from '…'`; not `import type`. */
const RUNTIME_IMPORT = /^(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
/** A package loaded on demand: `createRequire(import.meta.url)('…')` (opencv.ts loads OpenCV so). */
const REQUIRED = /createRequire\([^)]*\)\(\s*['"]([^'"]+)['"]/g;

/** A relative specifier's file: `x.ts`, or a folder's `x/index.ts`. */
const sourceOf = (from: string, spec: string) => {
  const file = path.resolve(path.dirname(from), spec);
  return existsSync(`${file}.ts`) ? `${file}.ts` : path.join(file, 'index.ts');
};

/** The packages (bare specifiers, builtins left out) reached from `entry` through runtime imports. */
function packagesReached(entry: string): string[] {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of [...text.matchAll(RUNTIME_IMPORT), ...text.matchAll(REQUIRED)]) {
      if (spec!.startsWith('.')) visit(sourceOf(file, spec!));
      else if (!spec!.startsWith('node:')) packages.add(spec!.split('/').slice(0, spec!.startsWith('@') ? 2 : 1).join('/'));
    }
  };
  visit(entry);
  return [...packages].sort();
}

const here = (file: string) => path.join(import.meta.dirname, file);

describe('the compare workers load only what their job needs', () => {
  it('the compose worker: sharp alone', () => {
    expect(packagesReached(here('compose-worker.ts'))).toEqual(['sharp']);
  });
  it('the OpenCV worker (alignment and colour checker): OpenCV alone', () => {
    expect(packagesReached(here('opencv-worker.ts'))).toEqual(['@techstark/opencv-js']);
  });
});
