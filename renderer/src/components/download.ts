/**
 * Saves text as a file through the browser's download path (works the same in Electron and headless),
 * with a BOM so spreadsheet programs read UTF-8 names correctly.
 */
export function downloadText(text: string, filename: string, type: string): void {
  const bom = type === 'text/csv' && !text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const url = URL.createObjectURL(new Blob([bom, text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the download a moment to start before releasing the memory.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
