// In-page probes for `npm run bench -- gallery`, run with page.evaluate in the renderer: open a
// patient from the patient list and time until the first screenful of thumbnails is decoded, and
// scroll the gallery to its end one screen at a time. They read the DOM only (no app internals).

/** Tiles intersecting the gallery's viewport, and whether each shows its decoded thumbnail. */
export const SCREEN_PROBE = `
  window.__galleryScreen = () => {
    const scroller = document.querySelector('.gallery__scroller');
    if (!scroller) return { ready: false, tiles: 0 };
    const box = scroller.getBoundingClientRect();
    const items = [...scroller.querySelectorAll('.gallery__item')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > box.top && r.top < box.bottom && r.height > 0;
    });
    for (const el of items) {
      if (el.classList.contains('gallery__item--pending')) return { ready: false, tiles: items.length };
      const thumb = el.querySelector('.thumb__img');
      if (!thumb || thumb.dataset.thumb !== 'shown') return { ready: false, tiles: items.length };
    }
    return { ready: items.length > 0, tiles: items.length };
  };
  window.__waitScreen = (timeoutMs) => new Promise((resolve, reject) => {
    const until = performance.now() + timeoutMs;
    const tick = async () => {
      const s = window.__galleryScreen();
      // "shown": the tile's canvas holds its decoded bitmap (GalleryTile.tsx).
      if (s.ready) return resolve(s.tiles);
      if (performance.now() > until) return reject(new Error('gallery screen not ready: ' + s.tiles + ' tiles'));
      requestAnimationFrame(tick);
    };
    tick();
  });
`;

/** Clicks the patient's name in the results and resolves with ms until the first screenful is decoded. */
export const OPEN_AND_TIME = `async (mrn) => {
  const row = [...document.querySelectorAll('table.table--patients tbody tr')].find((tr) => tr.textContent.includes(mrn));
  if (!row) throw new Error('patient row not found');
  const link = row.querySelector('button');
  const t0 = performance.now();
  link.click();
  const tiles = await window.__waitScreen(60000);
  return { ms: performance.now() - t0, tiles };
}`;

/** Scrolls the gallery one screen at a time to its end, each screen decoded before the next. */
export const SCROLL_ALL = `async () => {
  const scroller = document.querySelector('.gallery__scroller');
  let screens = 0;
  const t0 = performance.now();
  for (;;) {
    await window.__waitScreen(60000);
    screens++;
    if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2) break;
    scroller.scrollTop += scroller.clientHeight;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }
  const shown = document.querySelectorAll('.gallery__item [data-thumb="shown"]').length;
  return { screens, ms: performance.now() - t0, domTiles: document.querySelectorAll('.gallery__item').length, imgs: document.querySelectorAll('img').length, shown };
}`;
