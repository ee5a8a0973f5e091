import { FOUND_BROWSER_ENV, findBrowser } from './find-browser';

/**
 * Finds (and, for the bundled build, unpacks) the browser once before any spec runs, and hands the
 * answer to the test workers. Nothing found: one line saying what to install, and the run stops.
 */
export default async function setup() {
  try {
    process.env[FOUND_BROWSER_ENV] = JSON.stringify(await findBrowser());
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
