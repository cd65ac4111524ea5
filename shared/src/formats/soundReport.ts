/**
 * One sound report per WAV, whichever way the recorder wrote it: iXML first (it is the richer,
 * standard place), then the `key=value` lines recorders also put in bext's Description
 * (Sound Devices `sSCENE=`, Zoom `SCENE=`, Gallery `gSCENE=`, Pro Tools `dSCENE=`).
 */
import type { Fraction } from '../domain';
import { dropFrameAllowed } from '../timecode';
import { broadcastWaveStartTimecode, startTimecodeFromBext, type BroadcastWave } from './bwf';

export interface SoundReport {
  readonly project: string | null;
  readonly scene: string | null;
  readonly take: string | null;
  /** The sound roll. */
  readonly tape: string | null;
  readonly circled: boolean | null;
  readonly notes: string | null;
  /** Track names in the order of the channels in this file. */
  readonly trackNames: readonly string[];
  readonly timecodeRate: Fraction | null;
  readonly dropFrame: boolean | null;
  readonly startTimecode: string | null;
  /** Where the slate fields came from. */
  readonly source: 'iXML' | 'bext' | null;
  /** Why iXML could not be read, when it was there and broken. */
  readonly problem: string | null;
}

/** `KEY=value` lines of a bext Description, keys upper-cased without the one-letter vendor prefix. */
export function bextDescriptionFields(description: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of description.split(/\r\n|\r|\n/)) {
    const match = /^[a-z]?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match && fields[match[1]!] === undefined) fields[match[1]!] = match[2]!.trim();
  }
  return fields;
}

const NTSC: Record<string, Fraction> = {
  '23.976': { num: 24000, den: 1001 },
  '23.98': { num: 24000, den: 1001 },
  '29.97': { num: 30000, den: 1001 },
  '59.94': { num: 60000, den: 1001 },
};

/** A Description SPEED such as `023.976-ND`, `25.000ND`, `29.97DF`, `023.976-NDF`; null when unreadable. */
export function bextSpeed(value: string): { rate: Fraction; dropFrame: boolean } | null {
  const match = /^0*(\d+(?:\.\d+)?)-?(NDF|ND|DF|D)?$/i.exec(value.trim());
  if (!match) return null;
  const number = match[1]!;
  const trimmed = number.includes('.') ? number.replace(/0+$/, '').replace(/\.$/, '') : number;
  const rate = NTSC[trimmed] ?? (/^\d+$/.test(trimmed) && Number(trimmed) > 0 ? { num: Number(trimmed), den: 1 } : null);
  if (!rate) return null;
  const dropFrame = /^d/i.test(match[2] ?? '') && dropFrameAllowed(rate);
  return { rate, dropFrame };
}

const text = (value: string | undefined) => (value === undefined || value === '' ? null : value);

export function soundReport(wave: BroadcastWave): SoundReport {
  const ixml = wave.ixml;
  const fields = wave.bext ? bextDescriptionFields(wave.bext.description) : {};
  const circledField = fields['CIRCLED'];
  const fromBext = {
    scene: text(fields['SCENE']),
    take: text(fields['TAKE']),
    tape: text(fields['TAPE']),
    notes: text(fields['NOTE']),
    circled: circledField === undefined ? null : /^true$/i.test(circledField) ? true : /^false$/i.test(circledField) ? false : null,
  };
  const ixmlTracks = [...(ixml?.tracks ?? [])]
    .sort((a, b) => (a.interleave ?? a.channel ?? 0) - (b.interleave ?? b.channel ?? 0))
    .map((track) => track.name ?? '');
  const bextTracks = Object.keys(fields)
    .map((key) => /^TR(?:K)?(\d+)$/.exec(key))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((match) => fields[match[0]]!);

  const speed = fields['SPEED'] === undefined ? null : bextSpeed(fields['SPEED']);
  const timecodeRate = ixml?.speed.timecodeRate ?? speed?.rate ?? null;
  const dropFrame = ixml?.speed.timecodeFlag ? ixml.speed.timecodeFlag === 'DF' : (speed?.dropFrame ?? null);
  const startTimecode = ixml?.speed.timecodeRate
    ? broadcastWaveStartTimecode(wave)
    : speed && wave.bext
      ? startTimecodeFromBext(wave.bext.timeReference, wave.sampleRate, speed.rate, speed.dropFrame)
      : null;
  const hasBext = Object.values(fromBext).some((value) => value !== null);

  return {
    project: ixml?.project ?? null,
    scene: ixml?.scene ?? fromBext.scene,
    take: ixml?.take ?? fromBext.take,
    tape: ixml?.tape ?? fromBext.tape,
    circled: ixml?.circled ?? fromBext.circled,
    notes: ixml?.notes ?? fromBext.notes,
    trackNames: ixmlTracks.length > 0 ? ixmlTracks : bextTracks,
    timecodeRate,
    dropFrame,
    startTimecode,
    source: ixml ? 'iXML' : hasBext ? 'bext' : null,
    problem: wave.ixmlError,
  };
}
