/**
 * A FITS header as a list of cards: serialisation into 2880-byte blocks ending with END, and
 * lookups. Order is kept as given; a key set twice keeps its first position (last value wins on
 * lookup, like astropy's `header[key]` for duplicate non-commentary keys is undefined territory, so
 * writers should not produce duplicates).
 */
import { CARD_LENGTH, formatCard, isCommentaryKey } from './card';
import type { FitsCard, FitsValue } from './card';

export const BLOCK_SIZE = 2880;

/** Bytes rounded up to a whole number of 2880-byte FITS blocks. */
export function paddedLength(bytes: number): number {
  return Math.ceil(bytes / BLOCK_SIZE) * BLOCK_SIZE;
}

/** The 80-character card images of `cards` followed by END (without block padding). */
export function cardImages(cards: readonly FitsCard[]): string[] {
  const lines: string[] = [];
  for (const card of cards) lines.push(...formatCard(card));
  lines.push('END'.padEnd(CARD_LENGTH, ' '));
  return lines;
}

/** Serialises cards + END, padded with spaces to a multiple of 2880 bytes (ASCII). */
export function serializeHeader(cards: readonly FitsCard[]): Uint8Array {
  const text = cardImages(cards).join('');
  const out = new Uint8Array(paddedLength(text.length)).fill(0x20);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** The value of the last non-commentary card with this key, or null when absent. */
export function headerValue(cards: readonly FitsCard[], key: string): FitsValue | null {
  const upper = key.toUpperCase();
  for (let i = cards.length - 1; i >= 0; i--) {
    const card = cards[i] as FitsCard;
    if (card.key === upper && card.value !== undefined) return card.value;
  }
  return null;
}

/** A number value, or null when absent or not a number. */
export function headerNumber(cards: readonly FitsCard[], key: string): number | null {
  const v = headerValue(cards, key);
  return typeof v === 'number' ? v : null;
}

/** A string value, or null when absent or not a string. */
export function headerString(cards: readonly FitsCard[], key: string): string | null {
  const v = headerValue(cards, key);
  return typeof v === 'string' ? v : null;
}

/**
 * Header as a plain record (the science archive's `frames/{id}/headers/` `data` shape): value cards
 * only, COMMENT/HISTORY/blank dropped, last value wins.
 */
export function headerRecord(cards: readonly FitsCard[]): Record<string, FitsValue> {
  const out: Record<string, FitsValue> = {};
  for (const card of cards) {
    if (isCommentaryKey(card.key) || card.value === undefined) continue;
    out[card.key] = card.value;
  }
  return out;
}
