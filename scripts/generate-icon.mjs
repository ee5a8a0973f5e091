#!/usr/bin/env node
// Draws Recur's app icon — a renewal arrow around a dot, on a rounded indigo square — as
// resources/icon.svg and resources/icon.png (512×512, RGBA), with no dependencies: the PNG is
// rasterised here with 4×4 supersampling and encoded with node:zlib. Run: node scripts/generate-icon.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources');

// Geometry, shared by the SVG and the raster.
const tile = { x: 16, y: 16, size: 480, radius: 108 };
const colors = { from: [0x5c, 0x7c, 0xfa], to: [0x36, 0x4f, 0xc7] }; // indigo gradient, top-left → bottom-right
const ring = { cx: 256, cy: 256, r: 132, width: 44, start: -20, sweep: 310 }; // degrees, clockwise (y down)
const dot = { cx: 256, cy: 256, r: 44 };
const arrow = { length: 70, halfWidth: 54 };

const rad = (deg) => (deg * Math.PI) / 180;
const endAngle = rad(ring.start + ring.sweep);
const at = (angle) => [ring.cx + ring.r * Math.cos(angle), ring.cy + ring.r * Math.sin(angle)];
const [ex, ey] = at(endAngle);
const tangent = [-Math.sin(endAngle), Math.cos(endAngle)]; // direction of travel, clockwise on screen
const normal = [Math.cos(endAngle), Math.sin(endAngle)];
const head = [
  [ex + tangent[0] * arrow.length, ey + tangent[1] * arrow.length],
  [ex + normal[0] * arrow.halfWidth, ey + normal[1] * arrow.halfWidth],
  [ex - normal[0] * arrow.halfWidth, ey - normal[1] * arrow.halfWidth],
];

function svg() {
  const f = (n) => Number(n.toFixed(2));
  const [sx, sy] = at(rad(ring.start));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}" width="${SIZE}" height="${SIZE}">
  <title>Recur</title>
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="rgb(${colors.from.join(',')})"/>
      <stop offset="1" stop-color="rgb(${colors.to.join(',')})"/>
    </linearGradient>
  </defs>
  <rect x="${tile.x}" y="${tile.y}" width="${tile.size}" height="${tile.size}" rx="${tile.radius}" fill="url(#bg)"/>
  <path d="M ${f(sx)} ${f(sy)} A ${ring.r} ${ring.r} 0 1 1 ${f(ex)} ${f(ey)}" fill="none" stroke="#fff" stroke-width="${ring.width}" stroke-linecap="round"/>
  <polygon points="${head.map(([x, y]) => `${f(x)},${f(y)}`).join(' ')}" fill="#fff"/>
  <circle cx="${dot.cx}" cy="${dot.cy}" r="${dot.r}" fill="#fff"/>
</svg>
`;
}

function inTile(x, y) {
  const { x: tx, y: ty, size, radius } = tile;
  if (x < tx || y < ty || x > tx + size || y > ty + size) return false;
  const cx = Math.min(Math.max(x, tx + radius), tx + size - radius);
  const cy = Math.min(Math.max(y, ty + radius), ty + size - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function inRing(x, y) {
  const dx = x - ring.cx;
  const dy = y - ring.cy;
  const half = ring.width / 2;
  const deg = (Math.atan2(dy, dx) * 180) / Math.PI;
  const along = (((deg - ring.start) % 360) + 360) % 360;
  if (along <= ring.sweep) return Math.abs(Math.hypot(dx, dy) - ring.r) <= half;
  const [sx, sy] = at(rad(ring.start)); // round cap at the start; the arrowhead covers the end
  return Math.hypot(x - sx, y - sy) <= half || Math.hypot(x - ex, y - ey) <= half;
}

function inTriangle(x, y) {
  const [a, b, c] = head;
  const side = (p, q) => (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
  const s1 = side(a, b);
  const s2 = side(b, c);
  const s3 = side(c, a);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

const inMark = (x, y) => inRing(x, y) || inTriangle(x, y) || Math.hypot(x - dot.cx, y - dot.cy) <= dot.r;

function raster() {
  const N = 4;
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < N; sy++) {
        for (let sx = 0; sx < N; sx++) {
          const x = px + (sx + 0.5) / N;
          const y = py + (sy + 0.5) / N;
          if (!inTile(x, y)) continue;
          a += 1;
          if (inMark(x, y)) {
            r += 255;
            g += 255;
            b += 255;
          } else {
            const t = Math.min(Math.max((x - tile.x + (y - tile.y)) / (2 * tile.size), 0), 1);
            r += colors.from[0] + (colors.to[0] - colors.from[0]) * t;
            g += colors.from[1] + (colors.to[1] - colors.from[1]) * t;
            b += colors.from[2] + (colors.to[2] - colors.from[2]) * t;
          }
        }
      }
      const i = (py * SIZE + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
        rgba[i + 3] = Math.round((a / (N * N)) * 255);
      }
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    rows[y * (SIZE * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync(join(OUT, 'icon.svg'), svg());
writeFileSync(join(OUT, 'icon.png'), png(raster()));
console.log(`Wrote ${join(OUT, 'icon.svg')} and ${join(OUT, 'icon.png')} (${SIZE}×${SIZE}).`);
