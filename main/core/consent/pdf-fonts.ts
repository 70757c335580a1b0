// The fonts the signed consent PDF embeds, so the record never depends on a viewer's fonts.
// DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew and Arabic letters; it comes from the
// distribution's fonts-dejavu-core (scripts/install-system-deps.sh). A missing font is a clear
// error, never a silent fallback to a standard PDF font that would not be embedded.
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface ConsentPdfFonts {
  readonly regular: string;
  readonly bold: string;
}

const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/TTF', '/usr/share/fonts/dejavu', '/usr/local/share/fonts/dejavu'];

export class ConsentFontMissing extends Error {
  constructor() {
    super('The consent PDF font (DejaVu Sans) is not installed: install fonts-dejavu-core');
    this.name = 'ConsentFontMissing';
  }
}

/** The first directory holding both DejaVu Sans files; `dirs` is for tests. */
export function findConsentPdfFonts(dirs: readonly string[] = FONT_DIRS): ConsentPdfFonts {
  for (const dir of dirs) {
    const regular = path.join(dir, 'DejaVuSans.ttf');
    const bold = path.join(dir, 'DejaVuSans-Bold.ttf');
    if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  }
  throw new ConsentFontMissing();
}
