import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { jsPDF } from 'jspdf';

/**
 * The Unicode font embedded in every document (DESIGN §10): jsPDF's built-in fonts cannot print € or ł.
 * DejaVu Sans ships in resources/fonts; the packaged app copies it next to the executable.
 */
export const FONT_FAMILY = 'DejaVuSans';
const FILES = { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

let configuredFolder: string | null = null;
let loaded: { normal: Uint8Array; bold: Uint8Array } | null = null;

/** Where the fonts are when the host knows better (the packaged app's resources folder). */
export function useFontFolder(folder: string | null | undefined): void {
  if (!folder || folder === configuredFolder) return;
  configuredFolder = folder;
  loaded = null;
}

/** The folder the host configured, handed on to the documents worker (its own copy of this module). */
export function configuredFontFolder(): string | null {
  return configuredFolder;
}

/** resources/fonts found by walking up from this module: works from source (tests), out/main and bench. */
function findFontFolder(): string {
  if (configuredFolder && existsSync(join(configuredFolder, FILES.normal))) return configuredFolder;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources', 'fonts');
    if (existsSync(join(candidate, FILES.normal))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('The document font (resources/fonts/DejaVuSans.ttf) is missing');
}

function fontFiles() {
  if (!loaded) {
    const folder = findFontFolder();
    loaded = {
      normal: new Uint8Array(readFileSync(join(folder, FILES.normal))),
      bold: new Uint8Array(readFileSync(join(folder, FILES.bold))),
    };
  }
  return loaded;
}

/**
 * What jsPDF's VFS holds for our fonts: a TrueType signature and a name, not the 700 KB file. jsPDF
 * turns the VFS string into bytes and hands them to TTFFont.open, which (patched below) answers the
 * font parsed once from the real file.
 */
const TTF_SIGNATURE = '\x00\x01\x00\x00';
const placeholder = (name: keyof typeof FILES) => `${TTF_SIGNATURE}recur-font:${name}`;

/* ---------------------------------------------------------------------------------------------------
 * Speed. jsPDF parses the 700 KB TTF for every document and re-subsets it on output, which costs about
 * 100 ms a page. A document is a pure function of its data, so the parsed font and one font program
 * covering the glyphs of European scripts are made once per process and reused; a document that uses
 * a glyph outside that set (a rare script) falls back to jsPDF's own per-document subset.
 * ------------------------------------------------------------------------------------------------- */

interface TtfFont {
  cmap: { unicode?: { codeMap: Record<number, number> } };
  subset: { encode(ids: number[], indexToLocFormat: number): ArrayLike<number> };
  glyIdsUsed: number[];
  toUnicode: Record<number, number>;
  Unicode: { widths: unknown[] };
  bbox: number[];
  flags: number;
  stemV: number;
  italicAngle: number;
  ascender: number;
  decender: number;
  capHeight: number;
}

interface FontProgram {
  glyphs: Set<number>;
  /** Deflated font program as a binary string, plus its inflated length (PDF Length1). */
  data: string;
  length1: number;
}

const api = (jsPDF as unknown as { API: Record<string, unknown> }).API as {
  TTFFont: { open(file: Uint8Array): TtfFont };
  events: [string, (args: PutFontArgs) => void][];
};
const parsed = new Map<string, TtfFont>();
const programs = new WeakMap<TtfFont, FontProgram>();
const ours = new WeakSet<TtfFont>();
const SENTINEL = 'Identity-H/recur';

/**
 * Unicode ranges whose glyphs are in the shared font program: Latin (Western and Central European
 * names), punctuation and currency signs. Greek or Cyrillic text takes jsPDF's slower own subset.
 */
const RANGES: [number, number][] = [
  [0x20, 0x17f],
  [0x2000, 0x2044],
  [0x2212, 0x2212],
  [0x20a0, 0x20c0],
  [0x2116, 0x2122],
];

function programFor(font: TtfFont): FontProgram {
  let program = programs.get(font);
  if (!program) {
    const glyphs = new Set<number>([0]);
    const map = font.cmap.unicode?.codeMap ?? {};
    for (const [from, to] of RANGES) {
      for (let c = from; c <= to; c++) {
        const g = map[c];
        if (g) glyphs.add(g);
      }
    }
    const raw = slimFont(Uint8Array.from(font.subset.encode([...glyphs], 1)));
    const deflated = deflateSync(raw);
    program = { glyphs, data: Buffer.from(deflated).toString('latin1'), length1: raw.length };
    programs.set(font, program);
  }
  return program;
}

/**
 * The font program without what a PDF viewer never reads: glyph names (`post` becomes version 3, its
 * 32-byte header) and the `name` table. Halves every document.
 */
export function slimFont(ttf: Uint8Array): Uint8Array {
  const src = Buffer.from(ttf.buffer, ttf.byteOffset, ttf.byteLength);
  const count = src.readUInt16BE(4);
  const tables: { tag: string; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const tag = src.toString('latin1', at, at + 4);
    const offset = src.readUInt32BE(at + 8);
    const length = src.readUInt32BE(at + 12);
    if (tag === 'name') continue;
    let data = Buffer.from(src.subarray(offset, offset + length));
    if (tag === 'post' && length >= 32) {
      data = Buffer.from(data.subarray(0, 32));
      data.writeUInt32BE(0x00030000, 0);
    }
    tables.push({ tag, data });
  }
  tables.sort((a, b) => (a.tag < b.tag ? -1 : 1));
  const pad = (n: number) => (n + 3) & ~3;
  const headerSize = 12 + 16 * tables.length;
  const out = Buffer.alloc(headerSize + tables.reduce((n, t) => n + pad(t.data.length), 0));
  src.copy(out, 0, 0, 4); // scaler type
  const log2 = Math.floor(Math.log2(tables.length));
  out.writeUInt16BE(tables.length, 4);
  out.writeUInt16BE(16 * 2 ** log2, 6);
  out.writeUInt16BE(log2, 8);
  out.writeUInt16BE(16 * tables.length - 16 * 2 ** log2, 10);
  let offset = headerSize;
  tables.forEach((t, i) => {
    const at = 12 + 16 * i;
    out.write(t.tag, at, 'latin1');
    out.writeUInt32BE(checksum(t.data), at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += pad(t.data.length);
  });
  return new Uint8Array(out);
}

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = Buffer.alloc((data.length + 3) & ~3);
  data.copy(padded);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function toUnicodeCmap(map: Record<number, number>): string {
  const head =
    '/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <<\n  /Registry (Adobe)\n  /Ordering (UCS)\n  /Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000><ffff>\nendcodespacerange';
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  const codes = Object.keys(map)
    .map(Number)
    .sort((a, b) => a - b);
  const parts = [head];
  for (let i = 0; i < codes.length; i += 100) {
    const chunk = codes.slice(i, i + 100).map((c) => `<${hex(c)}><${hex(map[c]!)}>`);
    parts.push(`\n${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  parts.push('\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend');
  return parts.join('');
}

interface PutFontArgs {
  font: {
    metadata: unknown;
    encoding: string;
    fontName: string;
    objectNumber?: number;
    isAlreadyPutted?: boolean;
  };
  out(s: string): void;
  newObject(): number;
  putStream(o: {
    data: string;
    objectId: number;
    filters?: string[];
    alreadyAppliedFilters?: string[];
    addLength1?: boolean;
    additionalKeyValues?: { key: string; value: string | number }[];
  }): void;
}

/** Writes our fonts with the shared program; mirrors jsPDF's Identity-H writer otherwise. */
function putCachedFont(args: PutFontArgs): void {
  const { font, out, newObject, putStream } = args;
  const meta = font.metadata as TtfFont;
  if (!ours.has(meta) || font.encoding !== 'Identity-H') return;
  const program = programFor(meta);
  if (!meta.glyIdsUsed.every((g) => program.glyphs.has(g))) return; // jsPDF subsets this one itself
  const name = font.fontName.replace(/[^A-Za-z0-9-]/g, '');

  const fontFile = newObject();
  putStream({
    data: program.data,
    objectId: fontFile,
    filters: [],
    alreadyAppliedFilters: ['/FlateDecode'],
    additionalKeyValues: [{ key: 'Length1', value: program.length1 }],
  });
  out('endobj');
  const cmap = newObject();
  putStream({ data: toUnicodeCmap(meta.toUnicode), objectId: cmap, addLength1: true });
  out('endobj');

  const descriptor = newObject();
  out('<<');
  out('/Type /FontDescriptor');
  out(`/FontName /${name}`);
  out(`/FontFile2 ${fontFile} 0 R`);
  out(`/FontBBox [${meta.bbox.join(' ')}]`);
  out(`/Flags ${meta.flags}`);
  out(`/StemV ${meta.stemV}`);
  out(`/ItalicAngle ${meta.italicAngle}`);
  out(`/Ascent ${meta.ascender}`);
  out(`/Descent ${meta.decender}`);
  out(`/CapHeight ${meta.capHeight}`);
  out('>>');
  out('endobj');

  const descendant = newObject();
  out('<<');
  out('/Type /Font');
  out(`/BaseFont /${name}`);
  out(`/FontDescriptor ${descriptor} 0 R`);
  out(`/W ${widthsArray(meta.Unicode.widths)}`);
  out('/CIDToGIDMap /Identity');
  out('/DW 1000');
  out('/Subtype /CIDFontType2');
  out('/CIDSystemInfo');
  out('<<');
  out('/Supplement 0');
  out('/Registry (Adobe)');
  out('/Ordering (Identity-H)');
  out('>>');
  out('>>');
  out('endobj');

  font.objectNumber = newObject();
  out('<<');
  out('/Type /Font');
  out('/Subtype /Type0');
  out(`/ToUnicode ${cmap} 0 R`);
  out(`/BaseFont /${name}`);
  out('/Encoding /Identity-H');
  out(`/DescendantFonts [${descendant} 0 R]`);
  out('>>');
  out('endobj');
  font.isAlreadyPutted = true;
  // jsPDF's own Identity-H writer runs after this one: hide the font from it until it has passed.
  font.encoding = SENTINEL;
}

/** jsPDF keeps widths as [gid, [w], gid, [w], …]: exactly the PDF /W array syntax. */
function widthsArray(widths: unknown[]): string {
  return `[${widths.map((w) => (Array.isArray(w) ? `[${w.join(' ')}]` : String(w))).join(' ')}]`;
}

function restoreEncoding(args: PutFontArgs): void {
  if (args.font.encoding === SENTINEL) args.font.encoding = 'Identity-H';
}

let installed = false;
/** Patches jsPDF once per process: fonts parsed once, written from the cache, streams deflated natively. */
function install(): void {
  if (installed) return;
  installed = true;
  const open = api.TTFFont.open.bind(api.TTFFont);
  api.TTFFont.open = (file: Uint8Array) => {
    const text = Buffer.from(file.subarray(0, 40)).toString('latin1');
    const name = /recur-font:(normal|bold)/.exec(text)?.[1] as keyof typeof FILES | undefined;
    if (!name) return open(file);
    let font = parsed.get(name);
    if (!font) {
      font = open(fontFiles()[name]);
      parsed.set(name, font);
      ours.add(font);
    }
    return font;
  };
  // jsPDF subscribes API.events in reverse: the last pushed runs first, the first runs last.
  api.events.push(['putFont', putCachedFont]);
  api.events.unshift(['putFont', restoreEncoding]);
  // jsPDF deflates streams in JavaScript, byte by byte into a string; zlib does the same natively.
  const filters = api as unknown as {
    processDataByFilters(data: string, chain: string | string[]): { data: string; reverseChain: string };
  };
  const process = filters.processDataByFilters.bind(api);
  filters.processDataByFilters = (data, chain) => {
    const list = typeof chain === 'string' ? [chain] : (chain ?? []);
    if (list.length === 1 && (list[0] === 'FlateEncode' || list[0] === '/FlateEncode')) {
      return {
        data: deflateSync(Buffer.from(data, 'latin1')).toString('latin1'),
        reverseChain: '/FlateDecode',
      };
    }
    return process(data, chain);
  };
}

/** Adds the document font (regular and bold) to a new jsPDF document and selects it. */
export function addDocumentFonts(doc: jsPDF): void {
  install();
  doc.addFileToVFS(FILES.normal, placeholder('normal'));
  doc.addFont(FILES.normal, FONT_FAMILY, 'normal');
  doc.addFileToVFS(FILES.bold, placeholder('bold'));
  doc.addFont(FILES.bold, FONT_FAMILY, 'bold');
  doc.setFont(FONT_FAMILY, 'normal');
}
