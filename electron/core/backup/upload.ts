import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { CorePorts } from '../ports';
import { describeFileError } from './io';
import { pathsOf } from './store';

/** The largest backup Recur accepts from elsewhere. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024 * 1024;

/**
 * A backup file from elsewhere arrives in pieces appended to `incoming/<id>.part` (never whole in
 * memory); the last piece renames it to `incoming/upload-<id>.bak`, ready to inspect and restore.
 */
export function receiveUpload(
  ports: CorePorts,
  input: { uploadId: string | null; base64: string; done: boolean },
): { uploadId: string; file: string | null; bytes: number } {
  const paths = pathsOf(ports);
  const uploadId = input.uploadId ?? randomBytes(16).toString('hex');
  const part = join(paths.incoming, `${uploadId}.part`);
  try {
    if (input.uploadId === null) {
      mkdirSync(paths.incoming, { recursive: true });
      removeOldUploads(paths.incoming);
    } else if (!exists(part)) {
      throw new AppError('NOT_FOUND', 'That upload was interrupted. Choose the file again.');
    }
    appendFileSync(part, Buffer.from(input.base64, 'base64'), { mode: 0o600 });
  } catch (e) {
    rmSync(part, { force: true });
    throw describeFileError(e, 'the backups folder', paths.backups);
  }
  const bytes = statSync(part).size;
  if (bytes > MAX_UPLOAD_BYTES) {
    rmSync(part, { force: true });
    throw new AppError('VALIDATION', 'That file is too large to be a Recur backup.');
  }
  if (!input.done) return { uploadId, file: null, bytes };
  const name = `upload-${uploadId}.bak`;
  renameSync(part, join(paths.incoming, name));
  return { uploadId, file: `incoming/${name}`, bytes };
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Only the latest upload matters: one restore at a time. */
function removeOldUploads(folder: string): void {
  for (const name of readdirSync(folder)) rmSync(join(folder, name), { force: true });
}
