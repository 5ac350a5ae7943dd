import sharp from 'sharp';

// Generated stand-ins for field photos: a "before" scene with litter on a grey pavement and an
// "after" scene with the same pavement swept. Deterministic per index; no text, so no fonts needed.
export async function demoPhoto(kind: 'before' | 'after', index: number): Promise<Buffer> {
  const width = 800;
  const height = 600;
  let seed = index * 7919 + (kind === 'before' ? 1 : 2);
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const tiles = Array.from(
    { length: 8 },
    (_, i) => `<line x1="0" y1="${360 + i * 30}" x2="${width}" y2="${360 + i * 30}" stroke="#9a9a9a" stroke-width="2"/>`,
  ).join('');
  const litter =
    kind === 'before'
      ? Array.from({ length: 14 }, () => {
          const x = Math.round(rand() * width),
            y = 380 + Math.round(rand() * 200),
            r = 8 + Math.round(rand() * 22);
          const colour = ['#6b4f2a', '#3d3d3d', '#b23b3b', '#d9c36c'][Math.floor(rand() * 4)];
          return `<ellipse cx="${x}" cy="${y}" rx="${r}" ry="${Math.round(r * 0.6)}" fill="${colour}"/>`;
        }).join('')
      : '<rect x="620" y="300" width="60" height="90" rx="6" fill="#2e7d32"/><rect x="690" y="300" width="60" height="90" rx="6" fill="#1565c0"/>';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="${width}" height="360" fill="${kind === 'before' ? '#b8c4cc' : '#9fd3f5'}"/>
    <rect x="40" y="120" width="220" height="240" fill="#d7ccc8"/><rect x="300" y="80" width="260" height="280" fill="#cfd8dc"/>
    <rect y="360" width="${width}" height="240" fill="${kind === 'before' ? '#8d8d8d' : '#b0b0b0'}"/>${tiles}${litter}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}
