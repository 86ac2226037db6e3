// Draws media/icon.png (128×128): a shield with a blast mark — a burst inside two rings.
// Pure geometry, 4×4 supersampling for smooth edges, and a PNG written with node:zlib only,
// so the icon can be regenerated anywhere: `node scripts/make-icon.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4; // samples per pixel along each axis

// Shield: straight sides down to `mid`, then curving in to a point at `bottom`.
const CX = 64;
const SHIELD = { top: 8, mid: 60, bottom: 122, halfWidth: 54, corner: 10 };

function insideShield(x, y, inset) {
  const top = SHIELD.top + inset;
  const bottom = SHIELD.bottom - inset * 1.7;
  const w = SHIELD.halfWidth - inset;
  const r = Math.max(0, SHIELD.corner - inset * 0.5);
  if (y < top || y > bottom) return false;
  const dx = Math.abs(x - CX);
  let half;
  if (y <= SHIELD.mid) half = w;
  else {
    const t = (y - SHIELD.mid) / (bottom - SHIELD.mid);
    half = w * (1 - t * t);
  }
  if (dx > half) return false;
  // Rounded top corners.
  if (y < top + r && dx > w - r) {
    const ddx = dx - (w - r);
    const ddy = top + r - y;
    return ddx * ddx + ddy * ddy <= r * r;
  }
  return true;
}

// Blast mark, centred a little above the shield's middle.
const BX = 64;
const BY = 60;
const RINGS = [
  { r: 36, width: 5 },
  { r: 24, width: 5 },
];
const STAR = { points: 8, outer: 15, inner: 6.5, rotation: -Math.PI / 2 };

function insideStar(x, y) {
  const n = STAR.points * 2;
  const verts = [];
  for (let i = 0; i < n; i++) {
    const a = STAR.rotation + (i * Math.PI) / STAR.points;
    const r = i % 2 === 0 ? STAR.outer : STAR.inner;
    verts.push([BX + r * Math.cos(a), BY + r * Math.sin(a)]);
  }
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = verts[i];
    const [xj, yj] = verts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const COLORS = {
  rim: [255, 138, 36],
  body: [24, 36, 58],
  bodyLight: [38, 56, 88],
  ringOuter: [255, 196, 61],
  ringInner: [255, 128, 40],
  core: [244, 62, 46],
};

/** Colour of one sample point, or null for transparent. */
function sample(x, y) {
  if (!insideShield(x, y, 0)) return null;
  if (!insideShield(x, y, 6)) return COLORS.rim;
  const d = Math.hypot(x - BX, y - BY);
  if (insideStar(x, y)) return COLORS.core;
  for (const [i, ring] of RINGS.entries()) {
    if (Math.abs(d - ring.r) <= ring.width / 2) return i === 0 ? COLORS.ringOuter : COLORS.ringInner;
  }
  // A soft vertical gradient on the body.
  const t = Math.min(1, Math.max(0, (y - SHIELD.top) / (SHIELD.bottom - SHIELD.top)));
  return COLORS.bodyLight.map((c, k) => Math.round(c + (COLORS.body[k] - c) * t));
}

function render() {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const c = sample(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a++;
        }
      }
      const o = (py * SIZE + px) * 4;
      if (a > 0) {
        // Colour is averaged over covered samples only (straight alpha), so edges don't darken.
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
        rgba[o + 3] = Math.round((255 * a) / (SS * SS));
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

function encodePng(rgba, width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  // Each row starts with filter type 0 (none).
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'media', 'icon.png');
mkdirSync(path.dirname(out), { recursive: true });
const png = encodePng(render(), SIZE, SIZE);
writeFileSync(out, png);
console.log(`wrote ${path.relative(process.cwd(), out)} (${png.length} bytes)`);
