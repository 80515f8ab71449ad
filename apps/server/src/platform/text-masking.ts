import { maskDocument, maskPhone } from '@cc/contracts';

/**
 * What residents write in public (a proposal, a comment, a building-group post, a free-text
 * answer) is published with any resident ID number or mainland mobile number in it masked:
 * a neighbour asking "call me on 13812345678" must not hand the number to the whole community.
 * The stored text is the masked one; nobody needs the number back from a public post.
 */

// 18-character resident ID (17 digits and a digit or X), not inside a longer run of digits
const RESIDENT_ID = /(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])/g;
// 11-digit mobile, optionally +86/86 and written 138 1234 5678 or 138-1234-5678
const MOBILE =
  /(?<![0-9A-Za-z+])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?![0-9A-Za-z])/g;

/** The text with every resident ID number and mobile number in it masked (3101**********1234, 138****5678). */
export function maskPersonalNumbers(text: string): string {
  return text
    .replace(RESIDENT_ID, (id) => maskDocument('resident_id', id.toUpperCase()))
    .replace(MOBILE, (_m, a: string, b: string, c: string) => maskPhone(`${a}${b}${c}`));
}

/** Does the text hold a number that `maskPersonalNumbers` would mask? */
export function hasPersonalNumbers(text: string): boolean {
  return maskPersonalNumbers(text) !== text;
}
