/**
 * Alpaca ImageBytes (application/imagebytes): a 44-byte header of eleven little-endian int32, then
 * pixels little-endian in ImageArray order (index = x·NumY + y, i.e. column-major).
 */
import { AppError } from '../../../src-shared/errors';

export const IMAGE_BYTES_MIME = 'application/imagebytes';
export const IMAGE_BYTES_HEADER = 44;

/** Element type codes. */
export const ELEMENT = { Unknown: 0, Int16: 1, Int32: 2, Double: 3, Single: 4, UInt64: 5, Byte: 6, Int64: 7, UInt16: 8 } as const;

export interface ImageBytesHeader {
  metadataVersion: number;
  errorNumber: number;
  clientTransactionId: number;
  serverTransactionId: number;
  dataStart: number;
  imageElementType: number;
  transmissionElementType: number;
  rank: number;
  dimension1: number;
  dimension2: number;
  dimension3: number;
}

const BYTES: Record<number, number> = { 1: 2, 2: 4, 3: 8, 4: 4, 6: 1, 8: 2 };

/** Row-major top-down 2-D image, as the capability interfaces use. */
export interface RowMajorImage {
  pixels: Uint16Array | Float32Array;
  width: number;
  height: number;
}

/**
 * Encodes a mono image; Uint16 pixels go as UInt16 on the wire (half of Int32), Float32 as Single,
 * with ImageElementType Int32 / Double as a camera would declare.
 */
export function encodeImageBytes(img: RowMajorImage, clientTransactionId: number, serverTransactionId: number): Buffer {
  const { width, height, pixels } = img;
  const u16 = pixels instanceof Uint16Array;
  const elemBytes = u16 ? 2 : 4;
  const buf = Buffer.allocUnsafe(IMAGE_BYTES_HEADER + width * height * elemBytes);
  const fields = [1, 0, clientTransactionId, serverTransactionId, IMAGE_BYTES_HEADER, u16 ? ELEMENT.Int32 : ELEMENT.Double, u16 ? ELEMENT.UInt16 : ELEMENT.Single, 2, width, height, 0];
  fields.forEach((v, i) => buf.writeInt32LE(v, i * 4));
  let o = IMAGE_BYTES_HEADER;
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = pixels[y * width + x] as number;
      if (u16) buf.writeUInt16LE(v, o);
      else buf.writeFloatLE(v, o);
      o += elemBytes;
    }
  }
  return buf;
}

/** An ImageBytes error response: header with ErrorNumber and a UTF-8 message. */
export function encodeImageBytesError(errorNumber: number, message: string, clientTransactionId: number, serverTransactionId: number): Buffer {
  const msg = Buffer.from(message, 'utf8');
  const buf = Buffer.alloc(IMAGE_BYTES_HEADER + msg.length);
  [1, errorNumber, clientTransactionId, serverTransactionId, IMAGE_BYTES_HEADER, 0, 0, 0, 0, 0, 0].forEach((v, i) => buf.writeInt32LE(v, i * 4));
  msg.copy(buf, IMAGE_BYTES_HEADER);
  return buf;
}

export function readImageBytesHeader(buf: Uint8Array): ImageBytesHeader {
  if (buf.length < IMAGE_BYTES_HEADER) throw new AppError('device.protocol', `ImageBytes shorter than its ${IMAGE_BYTES_HEADER}-byte header`);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const f = (i: number): number => dv.getInt32(i * 4, true);
  return {
    metadataVersion: f(0),
    errorNumber: f(1),
    clientTransactionId: f(2),
    serverTransactionId: f(3),
    dataStart: f(4),
    imageElementType: f(5),
    transmissionElementType: f(6),
    rank: f(7),
    dimension1: f(8),
    dimension2: f(9),
    dimension3: f(10),
  };
}

/**
 * Decodes a (non-error) rank-2 ImageBytes body to a row-major image: Uint16Array when every value
 * fits 0…65535 and the wire type is integral, Float32Array otherwise.
 */
export function decodeImageBytes(buf: Uint8Array, h: ImageBytesHeader = readImageBytesHeader(buf)): RowMajorImage {
  if (h.metadataVersion !== 1) throw new AppError('device.protocol', `ImageBytes metadata version ${h.metadataVersion} unsupported`);
  if (h.rank !== 2) throw new AppError('device.unsupported', `ImageBytes rank ${h.rank} (colour) not supported`);
  const size = BYTES[h.transmissionElementType];
  if (size === undefined) throw new AppError('device.protocol', `ImageBytes transmission type ${h.transmissionElementType} unsupported`);
  const width = h.dimension1;
  const height = h.dimension2;
  const n = width * height;
  if (h.dataStart < IMAGE_BYTES_HEADER || h.dataStart + n * size > buf.length) throw new AppError('device.protocol', 'ImageBytes data truncated');
  const dv = new DataView(buf.buffer, buf.byteOffset + h.dataStart, n * size);
  const read = (i: number): number => {
    switch (h.transmissionElementType) {
      case ELEMENT.Int16:
        return dv.getInt16(i * 2, true);
      case ELEMENT.Int32:
        return dv.getInt32(i * 4, true);
      case ELEMENT.Double:
        return dv.getFloat64(i * 8, true);
      case ELEMENT.Single:
        return dv.getFloat32(i * 4, true);
      case ELEMENT.Byte:
        return dv.getUint8(i);
      default:
        return dv.getUint16(i * 2, true);
    }
  };
  const integral = h.transmissionElementType !== ELEMENT.Double && h.transmissionElementType !== ELEMENT.Single;
  const u16 = new Uint16Array(n);
  let fits = integral;
  for (let x = 0, i = 0; x < width; x++) {
    for (let y = 0; y < height; y++, i++) {
      const v = read(i);
      if (v < 0 || v > 65535) fits = false;
      u16[y * width + x] = v;
    }
  }
  if (fits) return { pixels: u16, width, height };
  const f32 = new Float32Array(n);
  for (let x = 0, i = 0; x < width; x++) for (let y = 0; y < height; y++, i++) f32[y * width + x] = read(i);
  return { pixels: f32, width, height };
}

/** ImageArray JSON (Value[x][y]) → row-major image. */
export function decodeImageArrayJson(value: unknown): RowMajorImage {
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0])) throw new AppError('device.protocol', 'ImageArray Value is not a 2-D array');
  const cols = value as unknown[][];
  const width = cols.length;
  const height = (cols[0] as unknown[]).length;
  const f32 = new Float32Array(width * height);
  let fits = true;
  for (let x = 0; x < width; x++) {
    const col = cols[x] as unknown[];
    if (!Array.isArray(col) || col.length !== height) throw new AppError('device.protocol', 'ImageArray columns differ in length');
    for (let y = 0; y < height; y++) {
      const v = Number(col[y]);
      if (!(Number.isInteger(v) && v >= 0 && v <= 65535)) fits = false;
      f32[y * width + x] = v;
    }
  }
  return { pixels: fits ? Uint16Array.from(f32) : f32, width, height };
}
