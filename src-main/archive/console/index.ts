/** The console's read side of the archive: frame list, thumbnails, preview images and headers. */
export type { FrameConsole, FrameConsoleOptions } from './frame-console';
export { createFrameConsole } from './frame-console';
export type { FramesListArgs } from './frame-rows';
export { frameQueryFor, frameRow } from './frame-rows';
export { blockFactor, ensureThumbnail, float32ToBase64, headerRows, pngSize, previewImage, readHeaderCards, wireWcs } from './frame-files';
