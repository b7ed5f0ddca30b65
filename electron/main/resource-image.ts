import fs from 'node:fs';
import path from 'node:path';
import { nativeImage, type NativeImage } from 'electron';

/**
 * An image from resources/, with its `@2x` twin when there is one, read
 * through fs so it works from inside the asar archive too.
 */
export function resourceImage(resourcesDir: string, file: string): NativeImage {
  const image = nativeImage.createFromBuffer(fs.readFileSync(path.join(resourcesDir, file)), { scaleFactor: 1 });
  const double = path.join(resourcesDir, file.replace(/\.png$/, '@2x.png'));
  if (fs.existsSync(double)) image.addRepresentation({ scaleFactor: 2, buffer: fs.readFileSync(double) });
  return image;
}
