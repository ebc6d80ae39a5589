import { PNG } from 'pngjs';
import type { IconName } from './icon-digests.js';

/**
 * harbor-ts's own pictures for Harbor's built-in icon digests: a 50×50 PNG (the size Harbor serves) of a
 * coloured disc with a white mark per kind, drawn here rather than shipped as files.
 */
const SIZE = 50;
const SUPERSAMPLE = 4; // 4×4 samples a pixel for smooth edges

/** Whether a point of the unit square (0..1, y down) is white. */
type Mark = (x: number, y: number) => boolean;

const inRect = (x: number, y: number, left: number, top: number, right: number, bottom: number) =>
  x >= left && x <= right && y >= top && y <= bottom;
const distance = (x: number, y: number, cx: number, cy: number) => Math.hypot(x - cx, y - cy);

const MARKS: Record<IconName, { color: [number, number, number]; mark: Mark }> = {
  // a container
  image: { color: [0x00, 0x79, 0xb8], mark: (x, y) => inRect(x, y, 0.3, 0.34, 0.7, 0.66) },
  // a wheel
  chart: {
    color: [0x0f, 0x16, 0x89],
    mark: (x, y) => Math.abs(distance(x, y, 0.5, 0.5) - 0.2) < 0.05,
  },
  // a bundle
  cnab: {
    color: [0x6b, 0x3f, 0xa0],
    mark: (x, y) => y > 0.32 && y < 0.68 && Math.abs(x - 0.5) < (y - 0.3) * 0.6,
  },
  // a dot
  default: { color: [0x56, 0x5d, 0x64], mark: (x, y) => distance(x, y, 0.5, 0.5) < 0.12 },
  // a module outline
  wasm: {
    color: [0x65, 0x4f, 0xf0],
    mark: (x, y) => inRect(x, y, 0.3, 0.3, 0.7, 0.7) && !inRect(x, y, 0.38, 0.38, 0.62, 0.62),
  },
  // two nodes
  cnai: {
    color: [0x00, 0x8a, 0x7e],
    mark: (x, y) => distance(x, y, 0.37, 0.5) < 0.09 || distance(x, y, 0.63, 0.5) < 0.09,
  },
  // a seal's band
  cosign: { color: [0xc2, 0x5b, 0x00], mark: (x, y) => inRect(x, y, 0.28, 0.44, 0.72, 0.56) },
  notation: { color: [0x9a, 0x1f, 0x5a], mark: (x, y) => inRect(x, y, 0.28, 0.44, 0.72, 0.56) },
  // a bolt
  nydus: { color: [0xd4, 0x8c, 0x00], mark: (x, y) => inRect(x, y, 0.44, 0.26, 0.56, 0.74) },
  // a list
  sbom: {
    color: [0x2f, 0x7d, 0x32],
    mark: (x, y) => x > 0.3 && x < 0.7 && [0.36, 0.5, 0.64].some((line) => Math.abs(y - line) < 0.04),
  },
};

function draw({ color, mark }: { color: [number, number, number]; mark: Mark }): Buffer {
  const png = new PNG({ width: SIZE, height: SIZE });
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let disc = 0;
      let white = 0;
      for (let i = 0; i < samples; i++) {
        const x = (px + ((i % SUPERSAMPLE) + 0.5) / SUPERSAMPLE) / SIZE;
        const y = (py + (Math.floor(i / SUPERSAMPLE) + 0.5) / SUPERSAMPLE) / SIZE;
        if (distance(x, y, 0.5, 0.5) > 0.48) continue;
        disc++;
        if (mark(x, y)) white++;
      }
      const offset = (py * SIZE + px) * 4;
      const share = disc ? white / disc : 0;
      color.forEach((value, c) => (png.data[offset + c] = Math.round(value * (1 - share) + 255 * share)));
      png.data[offset + 3] = Math.round((255 * disc) / samples);
    }
  }
  return PNG.sync.write(png);
}

const drawn = new Map<IconName, Buffer>();

/** The PNG of a built-in icon, drawn on first use. */
export function iconImage(name: IconName): Buffer {
  let image = drawn.get(name);
  if (!image) {
    image = draw(MARKS[name]);
    drawn.set(name, image);
  }
  return image;
}
