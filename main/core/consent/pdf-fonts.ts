// The fonts the signed consent PDF embeds, so the record never depends on a viewer's fonts.
// DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew and Arabic letters (fonts-dejavu-core); Noto
// Sans CJK covers Chinese, Japanese and Korean (fonts-noto-cjk), loaded only for a record that has
// such text. Both come from the distribution (scripts/install-system-deps.sh). A missing font is a
// clear error, never a silent fallback to a standard PDF font that would not be embedded or to
// empty boxes where the patient's words were.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** A font file, and the face's PostScript name where the file is a collection (.ttc). */
export interface FontFace {
  readonly file: string;
  readonly family?: string;
}

export interface ConsentPdfFonts {
  readonly regular: string;
  readonly bold: string;
  /** Null when no CJK font is installed; a record with CJK text is then refused. */
  readonly cjk: { readonly regular: FontFace; readonly bold: FontFace } | null;
}

const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/TTF', '/usr/share/fonts/dejavu', '/usr/local/share/fonts/dejavu'];
const CJK_DIRS = ['/usr/share/fonts/opentype/noto', '/usr/share/fonts/noto-cjk', '/usr/local/share/fonts/noto'];

export class ConsentFontMissing extends Error {
  constructor(which: 'latin' | 'cjk') {
    super(
      which === 'latin'
        ? 'The consent PDF font (DejaVu Sans) is not installed: install fonts-dejavu-core'
        : 'This consent has Chinese, Japanese or Korean text and no font for it is installed: install fonts-noto-cjk',
    );
    this.name = 'ConsentFontMissing';
  }
}

/** The first directories holding the fonts; `dirs` and `cjkDirs` are for tests. */
export function findConsentPdfFonts(dirs: readonly string[] = FONT_DIRS, cjkDirs: readonly string[] = CJK_DIRS): ConsentPdfFonts {
  for (const dir of dirs) {
    const regular = path.join(dir, 'DejaVuSans.ttf');
    const bold = path.join(dir, 'DejaVuSans-Bold.ttf');
    if (existsSync(regular) && existsSync(bold)) return { regular, bold, cjk: findCjk(cjkDirs) };
  }
  throw new ConsentFontMissing('latin');
}

function findCjk(dirs: readonly string[]): ConsentPdfFonts['cjk'] {
  for (const dir of dirs) {
    const regular = path.join(dir, 'NotoSansCJK-Regular.ttc');
    const bold = path.join(dir, 'NotoSansCJK-Bold.ttc');
    // The collections hold one face per region; the Simplified Chinese face has every CJK glyph.
    if (existsSync(regular) && existsSync(bold)) return { regular: { file: regular, family: 'NotoSansCJKsc-Regular' }, bold: { file: bold, family: 'NotoSansCJKsc-Bold' } };
  }
  return null;
}
