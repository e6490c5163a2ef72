import { judgeSize, MB } from '@polystage/docker';
import { inspectLocalImage } from '../image/config.ts';


export interface ImageSize {
  sizeMb: number;
  budgetMb: number;
}

/** Fails when the uncompressed image size (inspect `Size`) exceeds the budget. */
export async function expectImageSizeWithin(image: string, budgetMb: number): Promise<ImageSize> {
  const { sizeBytes } = await inspectLocalImage(image);
  const sizeMb = sizeBytes / MB;
  if (!judgeSize(sizeBytes, budgetMb).within) {
    throw new Error(
      `Image ${image} is ${sizeMb.toFixed(1)} MB uncompressed, over its budget of ${budgetMb} MB ` +
        `by ${(sizeMb - budgetMb).toFixed(1)} MB.`,
    );
  }
  return { sizeMb, budgetMb };
}
