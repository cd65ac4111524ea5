import { describe, expect, it } from 'vitest';
import { matchesSearch, type Searchable } from './searchMatch';
import { parseSearch, type SearchQuery } from './searchQuery';
import { NO_PRODUCTION_TERMS, productionKeys } from './searchQueryProduction';

function parsed(text: string): SearchQuery {
  const result = parseSearch(text);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

const clip: Searchable = {
  name: 'A002C007_260301_R2EC.mov',
  folderPath: 'Show/Day 1/',
  kind: 'video',
  status: 'ready',
  locations: {},
  createdAt: '2026-03-01T10:00:00.000Z',
  technical: null,
  production: {
    reel: 'A002R2EC',
    camera: 'ARRI ALEXA Mini LF (A)',
    lens: 'Cooke S4/i 32mm',
    iso: '800',
    scene: '12A',
    take: '03',
  },
};

describe('production search terms', () => {
  it('reads each term, quoted or bare, in any case', () => {
    const q = parsed('SCENE:12a take:3 Reel:"A002*" camera:A lens:"Cooke 32MM" iso:800 take:04');
    expect(q.production).toEqual({
      scene: [{ keys: ['12a'], prefix: false }],
      take: [
        { keys: ['3'], prefix: false },
        { keys: ['4'], prefix: false },
      ],
      reel: [{ keys: ['a002'], prefix: true }],
      camera: [{ keys: ['a'], prefix: false }],
      lens: [{ keys: ['cooke', '32mm'], prefix: false }],
      iso: [{ keys: ['800'], prefix: false }],
    });
    expect(parsed('a002 kind:video').production).toBe(NO_PRODUCTION_TERMS);
  });

  it.each([
    ['scene:', 'scene: needs a value after the colon'],
    ['take:"-"', 'take: "-" has no letters or digits to look for'],
    ['reel:A*01', 'reel: "A*01": * may only end a value, as in reel:A002*'],
    ['lens:*', 'lens: "*" has no letters or digits to look for'],
    [`camera:${'b'.repeat(201)}`, 'camera: a value has at most 200 characters'],
    [Array.from({ length: 17 }, (_, i) => `take:${i}`).join(' '), 'take: more than 16 values'],
  ])('refuses %s with a message naming the term', (text, message) => {
    const result = parseSearch(text);
    expect(result).toEqual({ ok: false, field: text.split(':')[0], message });
  });

  it('keys whole values, words of camera and lens, and numbers as written too', () => {
    expect(productionKeys('take', '03')).toEqual(['3', '03']);
    expect(productionKeys('take', '000')).toEqual(['0', '000']);
    expect(productionKeys('scene', ' 12-a ')).toEqual(['12 a']);
    expect(productionKeys('lens', 'Zeiss Supreme 32mm T1.5')).toEqual(['zeiss', 'supreme', '32mm', 't1', '5']);
    expect(productionKeys('reel', '---')).toEqual([]);
  });

  it.each([
    ['scene:12A', true],
    ['scene:12a', true],
    ['scene:12', false],
    ['scene:12AB', false],
    ['scene:12A take:3', true],
    ['scene:12A take:03', true],
    ['scene:12A take:003', true],
    ['take:30', false],
    ['take:0*', true],
    ['take:3*', true],
    ['take:4 take:3', true],
    ['take:4 take:5', false],
    ['reel:A002R2EC', true],
    ['reel:A002', false],
    ['reel:A002*', true],
    ['reel:B002*', false],
    ['camera:A', true],
    ['camera:B', false],
    ['camera:alexa', true],
    ['camera:alex', false],
    ['camera:alex*', true],
    ['camera:"mini lf"', true],
    ['camera:"mini xt"', false],
    ['lens:"32mm"', true],
    ['lens:32', false],
    ['lens:32*', true],
    ['lens:cooke lens:zeiss', true],
    ['iso:800', true],
    ['iso:8', false],
    ['iso:1600', false],
    ['scene:12A take:3 reel:A002* camera:A lens:"32mm" iso:800 a002', true],
    ['scene:12A take:3 kind:audio', false],
  ])('%s → %s', (text, expected) => {
    expect(matchesSearch(clip, parsed(text))).toBe(expected);
  });

  it('finds nothing by a field the asset does not carry', () => {
    const sound: Searchable = { ...clip, kind: 'audio', production: { scene: '12A', take: '3', reel: '031' } };
    expect(matchesSearch(sound, parsed('scene:12a take:3'))).toBe(true);
    expect(matchesSearch(sound, parsed('reel:31'))).toBe(true);
    expect(matchesSearch(sound, parsed('camera:A'))).toBe(false);
    expect(matchesSearch({ ...clip, production: undefined }, parsed('scene:12A'))).toBe(false);
  });

  it('leaves bare words to name, path and technical text', () => {
    expect(matchesSearch(clip, parsed('cooke'))).toBe(false);
  });
});
