// Draws the app icon (icon.png, 512x512) and the tray icons with Node
// built-ins only: a zombie-green rounded square with a dripping "Z". The tray
// has one icon per fleet health (tray-ok, tray-attention with an amber dot,
// tray-offline with a red one), each at 16x16 and 32x32 (@2x).
// Run `node resources/make-icons.mjs` after changing the drawing.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const here = path.dirname(new URL(import.meta.url).pathname);

// Shapes in a 0..1 square; `inside(x, y)` for each.
const roundedSquare = (x, y) => {
  const [lo, hi, r] = [0.06, 0.94, 0.19];
  const cx = Math.min(Math.max(x, lo + r), hi - r);
  const cy = Math.min(Math.max(y, lo + r), hi - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
// The Z's stroke: a band from the top bar's right end down to the bottom bar's left end.
const diagonal = (x, y) => {
  const [top, bottom, width] = [0.35, 0.65, 0.17];
  if (y < top || y > bottom) return false;
  const left = 0.74 - width + ((y - top) / (bottom - top)) * (0.26 - (0.74 - width));
  return x >= left && x <= left + width;
};
const letterZ = [
  rect(0.26, 0.24, 0.74, 0.35),
  rect(0.26, 0.65, 0.74, 0.76),
  diagonal,
  // Drips hanging from the bottom bar.
  rect(0.36, 0.74, 0.41, 0.8),
  circle(0.385, 0.8, 0.025),
  rect(0.58, 0.74, 0.62, 0.84),
  circle(0.6, 0.84, 0.02),
];
const inZ = (x, y) => letterZ.some((shape) => shape(x, y));

// The health badge in the bottom-right corner: a coloured dot in a dark ring.
const badgeCentre = [0.76, 0.76];
const inBadge = (x, y, r) => (x - badgeCentre[0]) ** 2 + (y - badgeCentre[1]) ** 2 <= r * r;

function colorAt(x, y, badge) {
  if (badge && inBadge(x, y, 0.24)) return inBadge(x, y, 0.17) ? badge : [16, 20, 16];
  if (!roundedSquare(x, y)) return null;
  if (inZ(x, y)) return [22, 36, 14];
  // A vertical gradient from fresh to rotten green.
  const t = (y - 0.06) / 0.88;
  return [Math.round(128 - 58 * t), Math.round(196 - 70 * t), Math.round(72 - 40 * t)];
}

/** RGBA pixels, each averaged over samples x samples points for smooth edges. */
function draw(size, samples, badge = null) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const color = colorAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, badge);
          if (!color) continue;
          sum[0] += color[0];
          sum[1] += color[1];
          sum[2] += color[2];
          sum[3] += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (sum[3] > 0) {
        pixels[i] = Math.round(sum[0] / sum[3]);
        pixels[i + 1] = Math.round(sum[1] / sum[3]);
        pixels[i + 2] = Math.round(sum[2] / sum[3]);
      }
      pixels[i + 3] = Math.round((255 * sum[3]) / (samples * samples));
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const trayBadges = { ok: null, attention: [240, 180, 41], offline: [229, 72, 77] };
const icons = [['icon.png', 512, 4, null]];
for (const [health, badge] of Object.entries(trayBadges)) {
  icons.push([`tray-${health}.png`, 16, 8, badge], [`tray-${health}@2x.png`, 32, 8, badge]);
}
for (const [name, size, samples, badge] of icons) {
  fs.writeFileSync(path.join(here, name), png(size, draw(size, samples, badge)));
  console.log(`wrote resources/${name} (${size}x${size})`);
}
