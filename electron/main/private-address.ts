/**
 * Is a URL's host name this computer or a private network? For `shell.openExternal` (checklist item
 * 15): a link in an email, a note or a gateway reply must not send the system browser to a router,
 * a printer or a service on this computer. Pure, so it is tested on its own.
 *
 * It takes `new URL(...).hostname`, which the WHATWG parser has already normalized: every IPv4
 * notation (`0x7f.0.0.1`, `2130706433`, `0177.0.0.1`, `127.1`) becomes dotted decimal, and IPv6 is
 * bracketed, lower-case, with any embedded IPv4 written in hex. Host names that resolve to a private
 * address (a DNS rebinding name) cannot be told apart without a lookup and are not caught here.
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') && host.endsWith(']')) {
    const words = parseIpv6(host.slice(1, -1));
    return words === null || isPrivateIpv6(words);
  }
  const v4 = parseIpv4(host);
  if (v4 !== null) return isPrivateIpv4(v4);
  // A single label (`intranet`), or a name reserved for local networks.
  if (!host.includes('.')) return true;
  return LOCAL_SUFFIXES.some((suffix) => host === suffix.slice(1) || host.endsWith(suffix));
}

const LOCAL_SUFFIXES = [
  '.localhost',
  '.local',
  '.localdomain',
  '.internal',
  '.lan',
  '.home.arpa',
  '.intranet',
];

/** Dotted decimal only (the parser's output); anything else is not an IPv4 address here. */
function parseIpv4(host: string): number | null {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** [first address, prefix length] of IPv4 ranges that are not the public internet. */
const PRIVATE_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and broadcast
];

function isPrivateIpv4(address: number): boolean {
  return PRIVATE_V4.some(([first, bits]) => {
    const size = 2 ** (32 - bits);
    const start = parseIpv4(first)!;
    return address >= start && address < start + size;
  });
}

/** Eight 16-bit words, or null when it is not an IPv6 address (a `::` shorthand is expanded). */
function parseIpv6(text: string): number[] | null {
  let source = text.replace(/%.*$/, '');
  // An embedded dotted IPv4 tail (the parser writes hex, but be liberal in what is accepted).
  const tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(source);
  if (tail) {
    const v4 = parseIpv4(tail[1]!);
    if (v4 === null) return null;
    source = `${source.slice(0, -tail[1]!.length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = source.split('::');
  if (halves.length > 2) return null;
  const words = (part: string) => (part === '' ? [] : part.split(':'));
  const head = words(halves[0]!);
  const rest = halves.length === 2 ? words(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!all.every((w) => /^[0-9a-f]{1,4}$/.test(w))) return null;
  return all.map((w) => parseInt(w, 16));
}

function isPrivateIpv6(w: number[]): boolean {
  const embeddedV4 = (hi: number, lo: number) => isPrivateIpv4(hi * 65536 + lo);
  const zeros = (n: number) => w.slice(0, n).every((x) => x === 0);
  if (zeros(8)) return true; // ::
  if (zeros(7) && w[7] === 1) return true; // ::1
  if (zeros(5) && w[5] === 0xffff) return embeddedV4(w[6]!, w[7]!); // ::ffff:a.b.c.d (IPv4-mapped)
  if (zeros(6)) return embeddedV4(w[6]!, w[7]!); // ::a.b.c.d (IPv4-compatible, deprecated)
  if (w[0] === 0x64 && w[1] === 0xff9b && w.slice(2, 6).every((x) => x === 0))
    return embeddedV4(w[6]!, w[7]!); // NAT64
  if (w[0] === 0x2002) return embeddedV4(w[1]!, w[2]!); // 6to4
  const first = w[0]!;
  if ((first & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return true; // fe80::/10 link-local
  if ((first & 0xffc0) === 0xfec0) return true; // fec0::/10 site-local (deprecated)
  if ((first & 0xff00) === 0xff00) return true; // multicast
  if (first === 0x2001 && w[1] === 0x0db8) return true; // documentation
  return false;
}
