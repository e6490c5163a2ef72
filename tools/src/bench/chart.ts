import { formatMb } from '@polystage/docker';

/** A grouped bar chart as SVG (no plotting dependency): prod size per service, multi-stage vs single-stage. */
export interface SizeBar {
  label: string;
  multiStage: number;
  singleStage: number;
}

const COLORS = { multiStage: '#2f7d32', singleStage: '#b0b7c3' };
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function sizeChart(bars: readonly SizeBar[], title = 'Prod image size (MB, uncompressed)'): string {
  const width = 720;
  const rowHeight = 46;
  const left = 90;
  const right = 110;
  const top = 56;
  const height = top + bars.length * rowHeight + 20;
  const max = Math.max(1, ...bars.flatMap((bar) => [bar.multiStage, bar.singleStage]));
  const scale = (bytes: number) => ((width - left - right) * bytes) / max;

  const rows = bars.map((bar, i) => {
    const y = top + i * rowHeight;
    return [
      `<text x="${left - 10}" y="${y + 22}" text-anchor="end">${escape(bar.label)}</text>`,
      `<rect x="${left}" y="${y + 4}" width="${scale(bar.singleStage).toFixed(1)}" height="16" fill="${COLORS.singleStage}"/>`,
      `<text x="${(left + scale(bar.singleStage) + 6).toFixed(1)}" y="${y + 17}" class="v">${formatMb(bar.singleStage)}</text>`,
      `<rect x="${left}" y="${y + 22}" width="${Math.max(1, scale(bar.multiStage)).toFixed(1)}" height="16" fill="${COLORS.multiStage}"/>`,
      `<text x="${(left + Math.max(1, scale(bar.multiStage)) + 6).toFixed(1)}" y="${y + 35}" class="v">${formatMb(bar.multiStage)}</text>`,
    ].join('\n  ');
  });

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">
  <style>.v { font-size: 11px; fill: #333 }</style>
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="${left}" y="22" font-size="15" font-weight="bold">${escape(title)}</text>
  <rect x="${left}" y="32" width="12" height="12" fill="${COLORS.multiStage}"/><text x="${left + 18}" y="43">multi-stage (prod)</text>
  <rect x="${left + 160}" y="32" width="12" height="12" fill="${COLORS.singleStage}"/><text x="${left + 178}" y="43">single-stage baseline</text>
  ${rows.join('\n  ')}
</svg>
`;
}
