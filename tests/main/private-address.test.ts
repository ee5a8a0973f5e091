import { describe, expect, it, vi } from 'vitest';
import { isPrivateHost } from '../../electron/main/private-address';
import { isSafeExternalUrl } from '../../electron/main/security';

vi.mock('electron', () => ({}));

/** Finding 5.11: openExternal refuses loopback and private addresses in every notation. */
describe('isSafeExternalUrl refuses this computer and private networks', () => {
  it.each([
    'https://127.0.0.1/',
    'https://127.1/',
    'https://127.255.255.254/pay',
    'https://0x7f.0.0.1/',
    'https://0x7f000001/',
    'https://2130706433/',
    'https://017700000001/',
    'https://0177.0.0.1/',
    'https://0.0.0.0/',
    'https://[::1]/',
    'https://[0:0:0:0:0:0:0:1]/',
    'https://[::]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:7f00:1]/',
    'https://[::ffff:10.1.2.3]/',
    'https://[::ffff:192.168.0.1]/',
    'https://[64:ff9b::10.0.0.1]/',
    'https://[2002:c0a8:101::1]/',
    'https://[fc00::1]/',
    'https://[fd12:3456::1]/',
    'https://[fe80::1]/',
    'https://10.0.0.1/',
    'https://10.255.255.255/',
    'https://172.16.0.1/',
    'https://172.31.255.255/',
    'https://192.168.1.1/',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.1/',
    'https://224.0.0.1/',
    'https://255.255.255.255/',
    'https://localhost/',
    'https://LOCALHOST./',
    'https://app.localhost/',
    'https://printer.local/',
    'https://router.lan/',
    'https://nas.home.arpa/',
    'https://intranet/',
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it.each([
    'https://checkout.stripe.com/c/pay/cs_test_a1',
    'https://dashboard.stripe.com/test/payments',
    'https://8.8.8.8/',
    'https://172.32.0.1/',
    'https://172.15.255.255/',
    'https://192.169.0.1/',
    'https://[2606:4700:4700::1111]/',
    'https://11.0.0.1/',
  ])('opens %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });
});

describe('isPrivateHost on host names as the URL parser leaves them', () => {
  it('reads every IPv4 notation the parser normalizes', () => {
    for (const raw of ['0x7f.0.0.1', '2130706433', '0177.0.0.1', '127.1', '0x0a000001', '3232235777']) {
      expect(isPrivateHost(new URL(`https://${raw}/`).hostname), raw).toBe(true);
    }
  });

  it('treats a malformed bracketed address as private rather than guessing', () => {
    expect(isPrivateHost('[1::2::3]')).toBe(true);
    expect(isPrivateHost('[zz::1]')).toBe(true);
  });
});
