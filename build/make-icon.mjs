// Renders build/icon.svg to build/icon.png (512×512, palette PNG), the icon electron-builder
// converts for every platform. Run after editing the SVG: `node build/make-icon.mjs`.
import path from 'node:path';
import sharp from 'sharp';

const here = import.meta.dirname;
const source = path.join(here, 'icon.svg');
const target = path.join(here, 'icon.png');

const info = await sharp(source, { density: 72 })
  .resize(512, 512)
  .png({ palette: true, colours: 64, compressionLevel: 9, effort: 10 })
  .toFile(target);
console.log(`${path.relative(process.cwd(), target)}: ${info.width}×${info.height}, ${info.size} bytes`);
