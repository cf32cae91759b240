/**
 * The archive: FITS files with the OCS header set, written crash-safely under
 * `{SITEID}/{INSTRUME}/{DAY-OBS}/raw/`, thumbnails, and the science-archive `/frames/` shapes.
 */
export type { FitsCard, FitsValue } from './fits/card';
export { formatCard, formatFloat, parseCards } from './fits/card';
export { OnesComplementSum, addOnesComplement, complement32, encodeChecksum, onesComplementSum } from './fits/checksum';
export { BLOCK_SIZE, headerNumber, headerRecord, headerString, headerValue, paddedLength, serializeHeader } from './fits/header';
export type { EncodeFitsOptions, EncodedFits, FitsImage } from './fits/writer';
export { STRUCTURAL_KEYS, encodeFits, encodedBytes } from './fits/writer';
export type { ChecksumVerdict, FitsHdu, FitsPixels } from './fits/reader';
export { decodeFits, readHeader, verifyFitsChecksum } from './fits/reader';
export { apiDateTime, dayObs, dayObsToIsoDate, fitsDateTime, fitsTimeOfDay, parseUtc } from './dates';
export type { TanWcs, WcsPointing } from './wcs';
export { cdMatrix, pixelToSky, tanWcsFor, wcsCards } from './wcs';
export type { FrameDescription } from './ocs-headers';
export { ocsHeaderCards, sexagesimal } from './ocs-headers';
export type { BasenameParts } from './paths';
export { archiveRelativePath, frameBasename, obstypeLetter, parseBasename, thumbnailRelativePath } from './paths';
export type { DiskRoom, DiskRoomPolicy, WrittenFile } from './safe-write';
export { checkDiskRoom, diskRoom, freeBytesAt, md5OfBytes, md5OfFile, sweepTempFiles, writeFileAtomic } from './safe-write';
export type { ArchivedFrame, FrameDict, FrameDictOptions, FrameVersion, GeoJsonPolygon, Page } from './frame-dict';
export { frameDict, latestVersion, paginate } from './frame-dict';
export type { FrameOrderingField, FrameQuery, FrameQueryResult, QueryParams } from './frame-query';
export { DEFAULT_FRAME_LIMIT, FRAME_ORDERING_FIELDS, MAX_FRAME_LIMIT, SCIENCE_CONFIGURATION_TYPES, compareFrames, foldText, matchesFrameQuery, parseFrameQuery, polygonContains } from './frame-query';
export type { HeaderFieldsResult, HeaderFrameFields } from './frame-metadata';
export { REQUIRED_HEADERS, archiveFieldsFromHeader, defaultPublicUtcMs, footprint, tanWcsFromHeader } from './frame-metadata';
export type { Thumbnail, ThumbnailOptions, StretchOptions } from './thumbnail';
export { downsample, makeThumbnail, percentiles, stretchTo8Bit } from './thumbnail';
export { PNG_SIGNATURE, crc32, encodeGreyPng } from './png';
export type { FrameToWrite, IndexedFrame, WrittenFrame } from './frame-store';
export { basenameFor, indexFrameFile, writeFrame } from './frame-store';
export type { FrameAccess, FrameAggregate, FramePage, FramesRepo, NewFrame, StoredFrame } from './frames-repo';
export { FULL_ACCESS, PUBLIC_ACCESS, createFramesRepo, frameConditions, headerDict, visibleTo } from './frames-repo';
export type { AccessResolver, AccessResult } from './access';
export { portalTokenAccess } from './access';
export type { FrameRecorder, FrameRecorderOptions, RecoveryReport } from './archive-service';
export { RELATED_FRAME_KEYS, createFrameRecorder, newFrameFromHeader, relatedBasenames } from './archive-service';
export type { DiskGuard, DiskGuardOptions } from './disk-guard';
export { createDiskGuard } from './disk-guard';
export type { SignedGrant, UrlSigner } from './url-signer';
export { SIGNED_URL_LIFETIME_MS, createUrlSigner, loadOrCreateSigningKey } from './url-signer';
export type { ArchiveRouteDeps } from './http/routes';
export { archiveRoutes } from './http/routes';
export type { Archive, ArchiveOptions } from './create-archive';
export { createArchive } from './create-archive';
export type { FrameConsole, FrameConsoleOptions, FramesListArgs } from './console';
export { createFrameConsole } from './console';
