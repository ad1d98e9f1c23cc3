import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The family name inside the shipped OTF files; SVG text asks for it, resvg finds it in the loaded files. */
export const CHART_FONT_FAMILY = 'Noto Sans S Chinese';

let files: { regular: string; bold: string } | undefined;

/**
 * The CJK font shipped by the `@embedpdf/fonts-sc` npm package (Noto Sans Hans, OFL-1.1). Its `exports` hides
 * package.json, so the fonts folder is found beside the resolved main file.
 */
export function chartFontFiles(): { regular: string; bold: string } {
  if (!files) {
    const main = createRequire(import.meta.url).resolve('@embedpdf/fonts-sc');
    const dir = join(dirname(main), '..', 'fonts');
    files = { regular: join(dir, 'NotoSansHans-Regular.otf'), bold: join(dir, 'NotoSansHans-Bold.otf') };
  }
  return files;
}
