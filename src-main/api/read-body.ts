import type { IncomingMessage } from 'node:http';
import { AppError } from '../../src-shared/errors';

/** Reads a request body up to `limitBytes`; a larger one is refused before it is buffered whole. */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limitBytes) {
      req.resume();
      reject(new AppError('validation.invalid', `Body too large: ${declared} bytes (limit ${limitBytes})`, { body: [`Larger than ${limitBytes} bytes`] }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.destroy();
        reject(new AppError('validation.invalid', `Body too large (limit ${limitBytes} bytes)`, { body: [`Larger than ${limitBytes} bytes`] }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON body; an empty body is `{}`. Malformed JSON is a field-level error, not a crash. */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new AppError('validation.invalid', 'Malformed JSON', { non_field_errors: [`JSON parse error - ${(error as Error).message}`] });
  }
}
