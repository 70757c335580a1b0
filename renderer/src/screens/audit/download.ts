// Offers text made by the core (a CSV, a JSON Lines log) as a file download. The renderer has no
// file system: the text becomes a Blob behind a short-lived blob: URL that an <a download> opens,
// so the bytes go from memory to wherever the user's browser or Electron saves downloads.

/** A UTF-8 byte order mark: without it, spreadsheet programs misread accented names in reasons. */
const BOM = '\uFEFF';

export function downloadText(fileName: string, text: string, type: string, withBom = false): void {
  const blob = new Blob([withBom ? BOM + text : text], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy by the next task; revoking later frees the memory either way.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
