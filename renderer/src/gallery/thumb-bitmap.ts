// Gallery thumbnails as bitmaps the tile owns, instead of <img> elements. Scrolling 10,000 photos
// with <img> left the renderer at 829 MB RSS: a memory-infra dump showed 294 MB in cc/image_memory,
// the compositor's cache of decoded images, which keeps up to 1,000 decodes (each one at the
// thumbnail's full size) whether or not their <img> is still in the document; only images the
// compositor decodes lazily go through that cache. A bitmap decoded by createImageBitmap, scaled to
// the size the tile draws, shown in a `bitmaprenderer` canvas and released when the tile unmounts
// is held by that tile alone: memory follows the tiles in the DOM, not the tiles ever seen.

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * The size to decode a `natural` image at so that it covers `box` (CSS px, as `object-fit: cover`
 * draws it) at `pixelRatio` device pixels per CSS px: never larger than the image itself, never
 * smaller than one pixel. An unmeasured box (0) gets the natural size.
 */
export function coverSize(natural: Size, box: Size, pixelRatio: number): Size {
  if (natural.width <= 0 || natural.height <= 0) return { width: 1, height: 1 };
  if (box.width <= 0 || box.height <= 0) return natural;
  const ratio = Number.isFinite(pixelRatio) && pixelRatio > 0 ? pixelRatio : 1;
  const scale = Math.min(1, Math.max((box.width * ratio) / natural.width, (box.height * ratio) / natural.height));
  return { width: Math.max(1, Math.round(natural.width * scale)), height: Math.max(1, Math.round(natural.height * scale)) };
}

/** Decodes `blob` at the size `canvas` draws it (see coverSize). The caller owns the bitmap. */
export function decodeForCanvas(blob: Blob, natural: Size, canvas: HTMLCanvasElement): Promise<ImageBitmap> {
  const size = coverSize(natural, { width: canvas.clientWidth, height: canvas.clientHeight }, window.devicePixelRatio);
  return createImageBitmap(blob, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' });
}

/** Hands `bitmap` to the canvas (no copy): from now on the canvas holds it, until releaseCanvas. */
export function showOnCanvas(canvas: HTMLCanvasElement, bitmap: ImageBitmap): boolean {
  const context = canvas.getContext('bitmaprenderer');
  if (!context) {
    bitmap.close();
    return false;
  }
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  context.transferFromImageBitmap(bitmap);
  return true;
}

/** Gives the canvas's bitmap back now, rather than whenever the element is garbage-collected. */
export function releaseCanvas(canvas: HTMLCanvasElement): void {
  canvas.getContext('bitmaprenderer')?.transferFromImageBitmap(null);
  canvas.width = 0;
  canvas.height = 0;
}
