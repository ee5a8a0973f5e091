/**
 * Security of the Electron shell. Electron's security checklist
 * (https://www.electronjs.org/docs/latest/tutorial/security), item by item, and how Recur meets it:
 *
 *  1. Only load secure content — the UI is bundled and served from the app's own `app://recur/`
 *     scheme (registered `secure`); nothing is loaded from the network. In development only, the
 *     electron-vite dev server on a loopback address (`isLoopbackDevUrl`).
 *  2. Do not enable Node.js integration for remote content — `nodeIntegration: false`,
 *     `nodeIntegrationInWorker: false`, `nodeIntegrationInSubFrames: false` (window.ts,
 *     `secureWebPreferences`), and there is no remote content.
 *  3. Enable context isolation — `contextIsolation: true`; the preload exposes only
 *     `recur.invoke` / `recur.on` through `contextBridge`, never `ipcRenderer` itself.
 *  4. Enable process sandboxing — `sandbox: true` on the window and `app.enableSandbox()` for every
 *     renderer; the preload is CommonJS and uses only what the sandbox provides.
 *  5. Handle session permission requests — `applySessionPolicy`: request, check, device and
 *     display-media handlers deny everything; the single exception is writing sanitized text to the
 *     clipboard (`clipboard-sanitized-write`, e.g. "copy the card-setup link") for the app's own origin.
 *  6. Do not disable webSecurity — `webSecurity: true` is set explicitly.
 *  7. Define a Content Security Policy — every response of the app scheme carries
 *     `CONTENT_SECURITY_POLICY` (protocol.ts): `default-src 'none'; script-src 'self'; …`.
 *  8. Do not enable allowRunningInsecureContent — `allowRunningInsecureContent: false`, explicitly.
 *  9. Do not enable experimental features — `experimentalFeatures: false`, explicitly.
 * 10. Do not use enableBlinkFeatures — never set.
 * 11. <webview>: do not use allowpopups — `webviewTag: false`, and `will-attach-webview` is refused
 *     for every web contents (`hardenWebContents`).
 * 12. <webview>: verify options and params — no webview can be attached at all (item 11).
 * 13. Disable or limit navigation — `will-navigate`, `will-frame-navigate` and `will-redirect` are
 *     refused unless the target is the app's own origin; a vetted https link is handed to the
 *     system browser instead (`navigationDecision`).
 * 14. Disable or limit the creation of new windows — `setWindowOpenHandler` always denies; a vetted
 *     https URL is opened in the system browser (`windowOpenDecision`).
 * 15. Do not use shell.openExternal with untrusted content — only `isSafeExternalUrl` URLs: https,
 *     a public host (never loopback or a private network, in any notation: `isPrivateHost`), no
 *     credentials, no control characters, bounded length.
 * 16. Use a current version of Electron — Electron 45 (package.json); keep it updated.
 * 17. Validate the sender of all IPC messages — `isTrustedSender` (ipc.ts calls it on every
 *     `recur:invoke`): the sender must be the main frame of one of Recur's windows, at the app's
 *     origin (or the dev server's origin in development).
 * 18. Avoid the file:// protocol, prefer custom protocols — `app://recur/` via `protocol.handle`, with
 *     path-traversal protection (protocol.ts, `resolveRequestPath`).
 * 19. Check which fuses you can change — electron-builder.yml `electronFuses`: RunAsNode off,
 *     NODE_OPTIONS and --inspect off, cookie encryption on, app only from app.asar with embedded
 *     integrity validation, no extra privileges for file://.
 * 20. Do not expose Electron APIs to untrusted web content — the preload's two functions carry plain
 *     data only; the IPC event object is never passed to the page.
 *
 * Beyond the list: the session token is held by main per window and never sent to the renderer
 * (ipc.ts); secrets never leave main (secrets.ts); DevTools are off in packaged builds; no
 * spell-check dictionary downloads (window.ts); electron-store's renderer IPC listener is removed
 * (store.ts); development uses its own data folder (paths.ts).
 */
import { isPrivateHost } from './private-address';
import type { Session, WebContents } from 'electron';
import { APP_ORIGIN, APP_SCHEME } from './protocol';

/**
 * The origin of a URL as Recur compares them. Node's URL reports `null` as the origin of custom
 * schemes, so `app:` is handled here; http(s) use the standard origin; anything else (file:, data:,
 * about:, javascript:, devtools:) has no trusted origin at all.
 */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === `${APP_SCHEME}:`) {
    if (!parsed.host || parsed.port || parsed.username || parsed.password) return null;
    return `${APP_SCHEME}://${parsed.host}`;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
  return null;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The electron-vite dev server URL, accepted only unpackaged and only on a loopback address. */
export function isLoopbackDevUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === 'http:' || parsed.protocol === 'https:') && LOOPBACK_HOSTS.has(parsed.hostname)
    );
  } catch {
    return false;
  }
}

/** Which origins count as "the app": always `app://recur`, plus the dev server in development. */
export interface OriginPolicy {
  allowedOrigins: ReadonlySet<string>;
}

export function createOriginPolicy(options: {
  isPackaged: boolean;
  devUrl?: string | undefined;
}): OriginPolicy {
  const origins = new Set<string>([APP_ORIGIN]);
  if (!options.isPackaged && isLoopbackDevUrl(options.devUrl)) {
    const dev = originOf(options.devUrl);
    if (dev) origins.add(dev);
  }
  return { allowedOrigins: origins };
}

export const isAppUrl = (policy: OriginPolicy, url: string): boolean => {
  const origin = originOf(url);
  return origin !== null && policy.allowedOrigins.has(origin);
};

/** Chromium's built-in PDF viewer, which renders a PDF shown in a frame. */
const PDF_VIEWER_ORIGIN = 'chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai';

/**
 * A frame may show a PDF document the app made itself: a blob: URL of an app origin (invoices,
 * receipts), drawn by Chromium's PDF viewer. Nothing else loads in a frame.
 */
export const isDocumentFrameUrl = (policy: OriginPolicy, url: string): boolean =>
  (url.startsWith('blob:') && isAppUrl(policy, url.slice(5))) || url.startsWith(`${PDF_VIEWER_ORIGIN}/`);

/** The parts of an IPC event that the sender check reads (`IpcMainInvokeEvent` satisfies it). */
export interface SenderLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * Checklist item 17. The frame must still exist (Electron gives `null` once it navigated away or
 * was destroyed), be a top-level frame (no iframes), belong to one of our windows and be at an app
 * origin.
 */
export function isTrustedSender(
  policy: OriginPolicy,
  event: SenderLike,
  isOurWebContents: (id: number) => boolean = () => true,
): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  if (!isOurWebContents(event.sender.id)) return false;
  return isAppUrl(policy, frame.url);
}

const MAX_EXTERNAL_URL_LENGTH = 2048;

/**
 * Checklist item 15: a URL that may be given to `shell.openExternal`. Only https, with a public
 * host (a dotted name or a public IP address; no loopback or private address in any notation), no
 * user:password@, no control characters or spaces.
 */
export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_EXTERNAL_URL_LENGTH) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s\\]/.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  if (!host || host.endsWith('.')) return false;
  // Loopback and private networks in every notation (127.0.0.1, 0x7f.0.0.1, 2130706433, [::1],
  // [::ffff:10.0.0.1], 192.168.x.x, localhost, *.local…).
  return !isPrivateHost(host);
}

export type ExternalOpener = (url: string) => void;

/** Checklist item 14: never a new Electron window; a vetted https URL goes to the system browser. */
export function windowOpenDecision(url: string, openExternal: ExternalOpener): { action: 'deny' } {
  if (isSafeExternalUrl(url)) openExternal(url);
  return { action: 'deny' };
}

/**
 * Checklist item 13: whether a navigation may proceed. Same app origin: yes (reloads, in-app links).
 * Anything else: no — and a vetted https link is opened in the system browser instead.
 */
export function navigationDecision(
  policy: OriginPolicy,
  url: string,
  openExternal: ExternalOpener,
): 'allow' | 'deny' {
  if (isAppUrl(policy, url)) return 'allow';
  if (isSafeExternalUrl(url)) openExternal(url);
  return 'deny';
}

/** The events `hardenWebContents` needs; a real `WebContents` satisfies it. */
type Preventable = { preventDefault(): void; url?: string };
export interface HardenableContents {
  setWindowOpenHandler: WebContents['setWindowOpenHandler'];
  on(event: 'will-navigate', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: Preventable) => void): unknown;
  on(event: 'will-redirect', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
}

/** Applied to every web contents Electron creates (`app.on('web-contents-created')`). */
export function hardenWebContents(
  contents: HardenableContents,
  policy: OriginPolicy,
  openExternal: ExternalOpener,
  onDenied: (what: string, url: string) => void = () => {},
): void {
  contents.setWindowOpenHandler(({ url }) => {
    onDenied('window.open', url);
    return windowOpenDecision(url, openExternal);
  });
  contents.on('will-navigate', (event, url) => {
    if (navigationDecision(policy, url, openExternal) === 'deny') {
      event.preventDefault();
      onDenied('navigation', url);
    }
  });
  contents.on('will-frame-navigate', (event) => {
    const url = event.url ?? '';
    if (!isAppUrl(policy, url) && !isDocumentFrameUrl(policy, url)) {
      event.preventDefault();
      onDenied('frame navigation', url);
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(policy, url)) {
      event.preventDefault();
      onDenied('redirect', url);
    }
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    onDenied('webview', '');
  });
}

/** Permissions the app grants to its own pages. Everything else is refused. */
const GRANTED_PERMISSIONS = new Set<string>(['clipboard-sanitized-write']);

export function permissionDecision(policy: OriginPolicy, permission: string, requestingUrl: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(policy, requestingUrl);
}

type SessionPolicyTarget = Pick<
  Session,
  | 'setPermissionRequestHandler'
  | 'setPermissionCheckHandler'
  | 'setDevicePermissionHandler'
  | 'setDisplayMediaRequestHandler'
>;

/** Checklist item 5, on the session the windows use. */
export function applySessionPolicy(
  session: SessionPolicyTarget,
  policy: OriginPolicy,
  onDenied: (permission: string, origin: string) => void = () => {},
): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const url = details.requestingUrl || contents.getURL();
    const granted = permissionDecision(policy, permission, url);
    if (!granted) onDenied(permission, url);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionDecision(policy, permission, requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}
