import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Member, Page } from '../../../shared/contract';
import { buildCore, setupOwner, type TestCore } from '../../support/core';
import { hasBadText } from '../../../shared/validation';

/**
 * Search as you type (members.list {query}) over FTS5. Whatever a person types must never reach FTS5
 * as syntax (an INTERNAL error), and a member must be found by their own first name.
 */

let t: TestCore;
let owner: string;

beforeAll(async () => {
  t = buildCore();
  owner = await setupOwner(t);
});

afterAll(() => t.close());

const codePoints = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).map((c) => String.fromCodePoint(c));

/** FTS5 query syntax and its near misses, so the generator hits operators often. */
const ftsSyntax = fc
  .array(
    fc.constantFrom(
      '"',
      "'",
      '*',
      '(',
      ')',
      ':',
      '^',
      '-',
      '+',
      '{',
      '}',
      ',',
      '.',
      ' ',
      'NEAR',
      'NEAR(',
      'AND',
      'OR',
      'NOT',
      'name',
      'email:',
      'a',
      'Z',
      '1',
      '0123',
      '\u0000',
      '\u00a0',
      '\t',
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

const anyQuery = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 60 }),
  ftsSyntax,
);

async function search(query: string) {
  return t.send(owner, 'members.list', { query, status: 'all', limit: 500 });
}

async function found(memberId: number, query: string): Promise<boolean> {
  const r = await search(query);
  if (!r.ok) throw new Error(`members.list failed for ${JSON.stringify(query)}: ${JSON.stringify(r.error)}`);
  return (r.value as Page<Member>).items.some((m) => m.id === memberId);
}

/** Creates a member, checks whether their first name finds them, then archives them to keep the list short. */
async function findsByFirstName(firstName: string): Promise<boolean> {
  const member = await t.call(owner, 'members.create', { firstName, lastName: 'Property' });
  try {
    return await found(member.id, firstName);
  } finally {
    await t.call(owner, 'members.archive', { id: member.id });
  }
}

const nameOf = (letters: fc.Arbitrary<string>) =>
  fc.array(fc.array(letters, { minLength: 1, maxLength: 7 }), { minLength: 1, maxLength: 3 }).chain((words) =>
    fc
      .array(fc.constantFrom(' ', '-', "'", '\u2019', '. '), {
        minLength: words.length - 1,
        maxLength: words.length - 1,
      })
      .map((seps) => words.map((w, i) => w.join('') + (seps[i] ?? '')).join('')),
  );

describe('members.list {query}', () => {
  it('never turns what was typed into an FTS5 error (no INTERNAL, nothing logged)', async () => {
    await t.call(owner, 'members.create', { firstName: 'Jan', lastName: 'Kowalski', phone: '555-0123' });
    await fc.assert(
      fc.asyncProperty(anyQuery, async (query) => {
        const r = await search(query);
        if (!r.ok) {
          expect(r.error.code).not.toBe('INTERNAL');
          // The only refusals a typed query may get: more than 200 characters, or a NUL or lone
          // surrogate (refused in every text field).
          expect(r.error.code).toBe('VALIDATION');
          expect(query.trim().length > 200 || hasBadText(query)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    expect(t.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('finds a member by the full first name, in the common scripts (precomposed text)', async () => {
    const letters = fc.oneof(
      codePoints(0x41, 0x5a), // A–Z
      codePoints(0x61, 0x7a), // a–z
      fc.constantFrom(...'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿ'),
      fc.constantFrom(...'ĄąĆćČčĎďĘęĚěĞğİıŁłŃńŇňŐőŒœŘřŚśŞşŠšŢţŤťŰűŹźŻżŽž'),
      codePoints(0x3b1, 0x3c9), // Greek
      codePoints(0x410, 0x44f), // Cyrillic
      codePoints(0x5d0, 0x5ea), // Hebrew
      codePoints(0x628, 0x64a), // Arabic
      codePoints(0x4e00, 0x9fff), // CJK
      codePoints(0x3041, 0x3096), // Hiragana
      codePoints(0x30a1, 0x30fa), // Katakana
      codePoints(0xac00, 0xd7a3), // Hangul syllables
    );
    await fc.assert(
      // Letters only: digits would read as a phone or member number ("M42"), by design.
      fc.asyncProperty(nameOf(letters), async (firstName) => {
        expect(await findsByFirstName(firstName)).toBe(true);
      }),
      { numRuns: 120 },
    );
  });

  it('finds a member whose name was typed or pasted with combining accents', async () => {
    // macOS pastes and many keyboards (Yoruba, Vietnamese, Lithuanian) produce base letter + combining mark.
    const decomposed = fc
      .tuple(
        fc.oneof(codePoints(0x61, 0x7a), codePoints(0x430, 0x44f), codePoints(0x3b1, 0x3c9)),
        fc.array(fc.constantFrom('\u0300', '\u0301', '\u0303', '\u0306', '\u0308', '\u030c', '\u0323'), {
          minLength: 1,
          maxLength: 2,
        }),
      )
      .map(([base, marks]) => base + marks.join(''));
    await fc.assert(
      fc.asyncProperty(nameOf(fc.oneof(codePoints(0x61, 0x7a), decomposed)), async (firstName) => {
        expect(await findsByFirstName(firstName)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('finds a member whose name holds compatibility characters (full-width, half-width, ligatures)', async () => {
    // Japanese and Chinese input methods type full-width Latin; PDFs paste ligatures such as "ﬁ".
    const compat = fc.oneof(
      codePoints(0x61, 0x7a),
      codePoints(0xff21, 0xff3a), // Ａ–Ｚ
      codePoints(0xff41, 0xff5a), // ａ–ｚ
      codePoints(0xff66, 0xff9d), // half-width katakana
      fc.constantFrom('ﬁ', 'ﬂ', 'ﬀ', 'Ĳ', 'ĳ', 'Ŀ', 'ŀ'),
    );
    await fc.assert(
      fc.asyncProperty(nameOf(compat), async (firstName) => {
        expect(await findsByFirstName(firstName)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it.each([
    ['Adéṣọ̀lá', 'Yoruba: ọ + combining grave has no precomposed form'],
    ['Андрей'.normalize('NFD'), 'Cyrillic й stored decomposed'],
    ['ＴＡＲＯ', 'full-width Latin from an input method'],
    ['ﬁona', 'a ligature pasted from a PDF'],
    ['ﾀﾛｳ', 'half-width katakana'],
  ])('finds %j by itself (%s)', async (firstName) => {
    expect(await findsByFirstName(firstName)).toBe(true);
  });

  it.each([
    ['Zoë', 'zoe'],
    ['Łukasz', 'łUK'],
    ['Nguyễn', 'nguyen'],
    ['Ελένη', 'ελ'],
    ['Jürgen', 'JUR'],
  ])('finds %j by the prefix %j (case and accents ignored)', async (firstName, query) => {
    const member = await t.call(owner, 'members.create', { firstName, lastName: 'Example' });
    expect(await found(member.id, query)).toBe(true);
    expect(await found(member.id, `${query}x`)).toBe(false);
    await t.call(owner, 'members.archive', { id: member.id });
  });
});
