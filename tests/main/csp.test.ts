import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY as WINDOW_POLICY } from '../../electron/main/protocol';
import { CONTENT_SECURITY_POLICY as HEADLESS_POLICY } from '../../electron/server/static';
import { CONTENT_SECURITY_POLICY, CSP_PLACEHOLDER, withCspMeta } from '../../shared/csp';

vi.mock('electron', () => ({ protocol: {}, net: {} }));

const directivesOf = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );

/** Finding 5.12: one Content-Security-Policy for the header (window and headless) and index.html. */
describe('one Content-Security-Policy', () => {
  const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');

  it('is the same policy in the Electron window and the headless server', () => {
    expect(WINDOW_POLICY).toBe(CONTENT_SECURITY_POLICY);
    expect(HEADLESS_POLICY).toBe(CONTENT_SECURITY_POLICY);
  });

  it('leaves index.html only a placeholder, which the build fills from the same source', () => {
    expect(html).toContain(`content="${CSP_PLACEHOLDER}"`);
    expect(html).not.toMatch(/default-src|script-src/);
    const built = withCspMeta(html);
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(built)?.[1];
    expect(meta).toBeDefined();
    const header = directivesOf(CONTENT_SECURITY_POLICY);
    const inMeta = directivesOf(meta!);
    // Every directive a <meta> policy can carry is there, word for word; frame-ancestors only in the header.
    header.delete('frame-ancestors');
    expect(inMeta).toEqual(header);
  });

  it('allows blob: images (QR codes, previews) in both', () => {
    expect(directivesOf(CONTENT_SECURITY_POLICY).get('img-src')).toContain('blob:');
    expect(withCspMeta(html)).toMatch(/img-src 'self' data: blob:/);
  });

  it('refuses to build an index.html that lost its placeholder', () => {
    expect(() => withCspMeta('<html><head></head></html>')).toThrow(/placeholder/);
  });
});
