import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each page of a PDF, read back the way a viewer would (pdf.js), items joined by spaces. */
export async function pdfPages(
  bytes: Uint8Array,
): Promise<{ pages: string[]; width: number; height: number }> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  let width = 0;
  let height = 0;
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    if (i === 1) [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    pages.push(
      content.items
        .map((item) => ('str' in item ? item.str : ''))
        .join(' ')
        // Intl puts no-break spaces in amounts ("59,97 €"); compare with plain spaces.
        .replace(/[\u00a0\u202f]/g, ' ')
        .replace(/\s+/g, ' '),
    );
  }
  await doc.destroy();
  return { pages, width, height };
}

export const pdfText = async (bytes: Uint8Array) => (await pdfPages(bytes)).pages.join('\n');
