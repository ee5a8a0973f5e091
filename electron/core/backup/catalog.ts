import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What Recur learned about each backup when it took it (the check, the second-folder copy), kept in
 * `catalog.json` beside the files. The files themselves stay the truth: a file missing from the
 * catalog is listed as unchecked, an entry whose file is gone is ignored.
 */
export interface CatalogEntry {
  check: 'ok' | 'failed';
  checkMessage: string | null;
  copy: { ok: boolean; message: string | null } | null;
}

export interface Catalog {
  entries: Record<string, CatalogEntry>;
  /** The last automatic backup's failure, until one succeeds. */
  lastError: string | null;
  /** A second folder to copy backups to (a USB stick, a cloud-synced folder). */
  secondFolder: string | null;
}

const empty = (): Catalog => ({ entries: {}, lastError: null, secondFolder: null });

export function readCatalog(folder: string): Catalog {
  try {
    const parsed = JSON.parse(readFileSync(join(folder, 'catalog.json'), 'utf8')) as Partial<Catalog>;
    return { ...empty(), ...parsed, entries: { ...parsed.entries } };
  } catch {
    return empty();
  }
}

/** Written whole then renamed, so a crash leaves the old catalog or the new one, never half. */
export function writeCatalog(folder: string, catalog: Catalog): void {
  const file = join(folder, 'catalog.json');
  writeFileSync(`${file}.tmp`, JSON.stringify(catalog, null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function updateCatalog(folder: string, change: (c: Catalog) => void): Catalog {
  const catalog = readCatalog(folder);
  change(catalog);
  writeCatalog(folder, catalog);
  return catalog;
}
