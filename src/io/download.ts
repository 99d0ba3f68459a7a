/**
 * Saves text as a file through the browser's download (an object URL on a
 * temporary link). Browser only.
 */
export function downloadText(text: string, fileName: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled by the browser.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
