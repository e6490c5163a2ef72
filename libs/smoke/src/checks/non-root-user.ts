import { inspectLocalImage, judgeImageUser } from '../image/config.ts';

/** Fails unless the image's configured USER is a numeric uid other than 0. Returns the uid. */
export async function expectNonRootUser(image: string): Promise<number> {
  const facts = await inspectLocalImage(image);
  const verdict = judgeImageUser(facts.user);
  if (!verdict.ok) {
    throw new Error(`Image ${image} must run as a non-root numeric uid, but ${verdict.reason}.`);
  }
  return verdict.uid;
}
