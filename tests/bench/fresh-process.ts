/**
 * Peak RSS is a figure about the app, not about the bench. The bench process that generated 100k
 * members (and rendered a hundred PDFs to time them) already holds ~290 MB the app never would, so a
 * memory target measured there says nothing. Phases with an RSS target therefore run in a fresh Node
 * process that opens the prepared database the way the app does — a core, a sign-in, a warm search —
 * and report their figures back as JSON on stdout. Their timings are measured there too, in the same
 * process whose memory is reported.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./fresh-child.ts', import.meta.url));

export interface ZipTask {
  task: 'zip';
  file: string;
  queries: string[];
  from: string;
  to: string;
}

export interface ZipFigures {
  alone: number[];
  during: number[];
  inCall: number[];
  zipMs: number;
  invoices: number;
  size: number;
  rssBefore: number;
  peakRss: number;
}

export interface BackupTask {
  task: 'backup';
  /** The database in `dataFolder` (backups land in its backups/). */
  file: string;
  dataFolder: string;
  queries: string[];
}

export interface BackupFigures {
  alone: number[];
  during: number[];
  copyMs: number;
  aloneMs: number;
  duringMs: number;
  checks: [string, string];
  exportMs: number;
  exportSize: number;
  rssBefore: number;
  peakRss: number;
}

export function runFresh(input: ZipTask): Promise<ZipFigures>;
export function runFresh(input: BackupTask): Promise<BackupFigures>;
export function runFresh(input: ZipTask | BackupTask): Promise<ZipFigures | BackupFigures> {
  return new Promise((resolve, reject) => {
    // `--import tsx`: the child runs the TypeScript sources, as `npm run bench` does.
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0)
        return reject(new Error(`the fresh bench process for ${input.task} exited with ${code}`));
      try {
        resolve(JSON.parse(last) as ZipFigures | BackupFigures);
      } catch {
        reject(
          new Error(`the fresh bench process for ${input.task} answered no figures: ${last.slice(0, 200)}`),
        );
      }
    });
    child.stdin.end(JSON.stringify(input));
  });
}
