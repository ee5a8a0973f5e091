import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  applySessionPolicy,
  createOriginPolicy,
  hardenWebContents,
  isLoopbackDevUrl,
  isSafeExternalUrl,
  isTrustedSender,
  navigationDecision,
  originOf,
  permissionDecision,
  windowOpenDecision,
  type HardenableContents,
} from '../../electron/main/security';

vi.mock('electron', () => ({}));

const DEV = 'http://localhost:5173';
const packaged = createOriginPolicy({ isPackaged: true, devUrl: DEV });
const dev = createOriginPolicy({ isPackaged: false, devUrl: DEV });

const frameAt = (url: string, parent: unknown = null) => ({
  sender: { id: 1 },
  senderFrame: { url, parent },
});

describe('originOf', () => {
  it('gives app://recur for the custom scheme (Node says "null" for custom schemes)', () => {
    expect(originOf('app://recur/index.html')).toBe('app://recur');
    expect(originOf('http://localhost:5173/x')).toBe('http://localhost:5173');
  });

  it('has no origin for file:, data:, about: and garbage', () => {
    for (const url of [
      'file:///index.html',
      'data:text/html,hi',
      'about:blank',
      'javascript:alert(1)',
      '::',
    ]) {
      expect(originOf(url)).toBeNull();
    }
  });
});

describe('sender check (checklist 17)', () => {
  it('accepts the main frame of the app origin', () => {
    expect(isTrustedSender(packaged, frameAt('app://recur/index.html'))).toBe(true);
    expect(isTrustedSender(packaged, frameAt('app://recur/members/3'))).toBe(true);
  });

  it('accepts the dev server only in development', () => {
    expect(isTrustedSender(dev, frameAt('http://localhost:5173/'))).toBe(true);
    expect(isTrustedSender(packaged, frameAt('http://localhost:5173/'))).toBe(false);
  });

  it.each([
    'file:///home/owner/out/renderer/index.html',
    'https://evil.example/',
    'http://localhost:5174/',
    'app://evil/index.html',
    'app://recur.evil/index.html',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
  ])('refuses %s', (url) => {
    expect(isTrustedSender(dev, frameAt(url))).toBe(false);
  });

  it('refuses a destroyed frame, a subframe and a foreign web contents', () => {
    expect(isTrustedSender(packaged, { sender: { id: 1 }, senderFrame: null })).toBe(false);
    expect(isTrustedSender(packaged, frameAt('app://recur/index.html', { url: 'app://recur/' }))).toBe(false);
    expect(isTrustedSender(packaged, frameAt('app://recur/index.html'), (id) => id === 2)).toBe(false);
    expect(isTrustedSender(packaged, frameAt('app://recur/index.html'), (id) => id === 1)).toBe(true);
  });

  it('never trusts a non-loopback dev URL', () => {
    expect(isLoopbackDevUrl('http://192.168.1.20:5173')).toBe(false);
    expect(isLoopbackDevUrl('http://127.0.0.1:5173')).toBe(true);
    const remote = createOriginPolicy({ isPackaged: false, devUrl: 'https://evil.example' });
    expect(isTrustedSender(remote, frameAt('https://evil.example/'))).toBe(false);
  });
});

describe('external URLs (checklist 15)', () => {
  it.each(['https://checkout.stripe.com/c/pay/cs_test_123', 'https://example.com/path?q=1#x'])(
    'opens %s',
    (url) => {
      expect(isSafeExternalUrl(url)).toBe(true);
    },
  );

  it.each([
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'https://user:pass@example.com/',
    'https://localhost/',
    'https://printer.local/',
    'https://intranet/',
    'https://example.com/\u0000',
    'https://exa mple.com/',
    `https://example.com/${'a'.repeat(3000)}`,
    '',
    42,
    null,
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('new windows and navigation (checklist 13, 14)', () => {
  it('denies every window.open, handing vetted https links to the browser', () => {
    const open = vi.fn();
    expect(windowOpenDecision('https://stripe.com/docs', open)).toEqual({ action: 'deny' });
    expect(open).toHaveBeenCalledWith('https://stripe.com/docs');
    open.mockClear();
    expect(windowOpenDecision('app://recur/index.html', open)).toEqual({ action: 'deny' });
    expect(windowOpenDecision('file:///etc/passwd', open)).toEqual({ action: 'deny' });
    expect(open).not.toHaveBeenCalled();
  });

  it('allows navigation inside the app only', () => {
    const open = vi.fn();
    expect(navigationDecision(packaged, 'app://recur/members', open)).toBe('allow');
    expect(navigationDecision(packaged, 'https://evil.example/', open)).toBe('deny');
    expect(open).toHaveBeenCalledWith('https://evil.example/');
    expect(navigationDecision(packaged, 'file:///etc/passwd', open)).toBe('deny');
    expect(navigationDecision(packaged, 'http://localhost:5173/', open)).toBe('deny');
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('wires the handlers on a web contents', () => {
    const emitter = new EventEmitter();
    let windowOpen: ((d: { url: string }) => { action: string }) | null = null;
    const contents = Object.assign(emitter, {
      setWindowOpenHandler: (h: typeof windowOpen) => {
        windowOpen = h;
      },
    }) as unknown as HardenableContents;
    const open = vi.fn();
    hardenWebContents(contents, packaged, open);

    expect(windowOpen!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(open).toHaveBeenCalledWith('https://example.com/');

    const event = () => ({ preventDefault: vi.fn() });
    const away = event();
    emitter.emit('will-navigate', away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = event();
    emitter.emit('will-navigate', inside, 'app://recur/members');
    expect(inside.preventDefault).not.toHaveBeenCalled();

    const frame = { ...event(), url: 'file:///etc/passwd' };
    emitter.emit('will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalled();

    const redirect = event();
    emitter.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();

    const webview = event();
    emitter.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });
});

describe('permissions (checklist 5)', () => {
  it('denies everything but sanitized clipboard writes from the app', () => {
    expect(permissionDecision(packaged, 'clipboard-sanitized-write', 'app://recur')).toBe(true);
    expect(permissionDecision(packaged, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'clipboard-read',
      'hid',
      'unknown',
    ]) {
      expect(permissionDecision(packaged, p, 'app://recur/index.html')).toBe(false);
    }
  });

  it('installs deny-by-default handlers on the session', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      setDevicePermissionHandler: (h: never) => (handlers.device = h),
      setDisplayMediaRequestHandler: (h: never) => (handlers.display = h),
    };
    applySessionPolicy(session as never, packaged);

    const callback = vi.fn();
    const contents = { getURL: () => 'app://recur/index.html' };
    (handlers.request as (...a: unknown[]) => void)(contents, 'media', callback, {
      requestingUrl: 'app://recur/',
    });
    expect(callback).toHaveBeenLastCalledWith(false);
    (handlers.request as (...a: unknown[]) => void)(contents, 'clipboard-sanitized-write', callback, {
      requestingUrl: 'app://recur/',
    });
    expect(callback).toHaveBeenLastCalledWith(true);
    expect((handlers.check as (...a: unknown[]) => boolean)(null, 'geolocation', 'app://recur')).toBe(false);
    expect((handlers.device as () => boolean)()).toBe(false);
    const displayCallback = vi.fn();
    (handlers.display as (...a: unknown[]) => void)({}, displayCallback);
    expect(displayCallback).toHaveBeenCalledWith(null);
  });
});
