import { useEffect, useState, useSyncExternalStore } from 'react';
import { frameAtTime, timeOfFrame, type Fraction } from '@rushes/shared';

/**
 * The transport of the viewer: where the playhead is, in whole frames, and the commands an
 * editor drives it with (play, J/K/L shuttle, frame steps, in and out, loop).
 *
 * Frame accuracy in a browser: a seek goes to the frame's centre ((n + ½) / fps) and the
 * frame shown is floor(time × fps), so float rounding on either side still names the right
 * frame. While playing, the frame comes from requestVideoFrameCallback's mediaTime (the
 * presented frame), or currentTime on each animation frame where that is missing (sound).
 */

export const SHUTTLE_SPEEDS = [1, 2, 4, 8] as const;

export interface TransportState {
  /** The frame under the playhead, 0 = the clip's first. */
  readonly frame: number;
  /** 0 when stopped; >0 forward at that speed; <0 backward. */
  readonly shuttle: number;
  readonly inPoint: number | null;
  readonly outPoint: number | null;
  readonly loop: boolean;
  readonly lastFrame: number;
}

const nextSpeed = (current: number) => SHUTTLE_SPEEDS.find((speed) => speed > current) ?? SHUTTLE_SPEEDS[SHUTTLE_SPEEDS.length - 1]!;

/** Owns the media element while attached; React reads its state through useTransport. */
export class TransportController {
  private state: TransportState = { frame: 0, shuttle: 0, inPoint: null, outPoint: null, loop: false, lastFrame: 0 };
  private readonly listeners = new Set<() => void>();
  private media: HTMLMediaElement | null = null;
  private rate: Fraction = { num: 25, den: 1 };
  private reverse: number | null = null;

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  readonly snapshot = () => this.state;

  private set(change: Partial<TransportState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }

  /** Follows the element: frames while playing, the resting frame after seeks and pauses. */
  attach(media: HTMLMediaElement | null, rate: Fraction, frameCount: number): () => void {
    this.media = media;
    this.rate = rate;
    this.set({ lastFrame: Math.max(0, frameCount - 1) });
    if (!media) return () => undefined;
    let handle: number | null = null;
    const video = media instanceof HTMLVideoElement && 'requestVideoFrameCallback' in media ? media : null;
    const schedule = () => {
      if (media.paused) return;
      if (video) handle = video.requestVideoFrameCallback((_now, meta) => (this.showPlaying(meta.mediaTime), schedule()));
      else handle = requestAnimationFrame(() => (this.showPlaying(media.currentTime), schedule()));
    };
    const cancel = () => {
      if (handle === null) return;
      if (video) video.cancelVideoFrameCallback(handle);
      else cancelAnimationFrame(handle);
      handle = null;
    };
    const onPlay = () => {
      // Started from the player's own controls (a click on the picture): forward at its rate.
      if (this.state.shuttle <= 0 && this.reverse === null) this.set({ shuttle: media.playbackRate });
      cancel();
      schedule();
    };
    const onRest = () => {
      if (this.reverse !== null) return;
      if (media.paused) this.set({ shuttle: 0 });
      this.set({ frame: this.clamp(frameAtTime(media.currentTime, this.rate)) });
    };
    const onEnded = () => {
      if (!this.state.loop) return this.set({ shuttle: 0 });
      media.currentTime = timeOfFrame(this.loopRange().first, this.rate);
      void media.play();
    };
    const events: [string, () => void][] = [
      ['play', onPlay],
      ['pause', onRest],
      ['seeked', onRest],
      ['loadedmetadata', onRest],
      ['ended', onEnded],
    ];
    for (const [name, listener] of events) media.addEventListener(name, listener);
    if (!media.paused) schedule();
    return () => {
      cancel();
      this.stopReverse();
      for (const [name, listener] of events) media.removeEventListener(name, listener);
      if (this.media === media) this.media = null;
    };
  }

  private clamp(n: number): number {
    return Math.max(0, Math.min(this.state.lastFrame, Math.round(n)));
  }

  /** The stretch playback stays in when looping: in to out, or the whole clip. */
  private loopRange() {
    return { first: this.state.inPoint ?? 0, last: this.state.outPoint ?? this.state.lastFrame };
  }

  private showPlaying(time: number): void {
    const media = this.media;
    if (!media) return;
    const shown = this.clamp(frameAtTime(time, this.rate));
    const { first, last } = this.loopRange();
    if (this.state.loop && !media.paused && shown > last) {
      media.currentTime = timeOfFrame(first, this.rate);
      return;
    }
    if (shown !== this.state.frame) this.set({ frame: shown });
  }

  private seekTo(n: number): void {
    if (!this.media) return;
    const target = this.clamp(n);
    this.media.currentTime = timeOfFrame(target, this.rate);
    this.set({ frame: target });
  }

  private stopReverse(): void {
    if (this.reverse !== null) cancelAnimationFrame(this.reverse);
    this.reverse = null;
  }

  /** Stops whatever plays, at rest on a whole frame. */
  private halt(): void {
    this.stopReverse();
    if (!this.media) return;
    this.media.pause();
    this.media.playbackRate = 1;
    this.set({ shuttle: 0 });
  }

  private playForward(speed: number): void {
    const media = this.media;
    if (!media) return;
    this.stopReverse();
    const { first, last } = this.loopRange();
    const at = this.state.frame;
    if (this.state.loop && (at < first || at >= last)) this.seekTo(first);
    else if (at >= this.state.lastFrame) this.seekTo(0);
    media.playbackRate = speed;
    this.set({ shuttle: speed });
    void media.play().catch(() => this.set({ shuttle: 0 }));
  }

  private playBackward(speed: number): void {
    const media = this.media;
    if (!media) return;
    this.stopReverse();
    media.pause();
    this.set({ shuttle: -speed });
    // Browsers cannot play backwards: move the position back on every animation frame,
    // seeking only when the last seek has landed.
    let position = media.currentTime;
    let previous = performance.now();
    const tick = (now: number) => {
      position -= ((now - previous) / 1000) * speed;
      previous = now;
      const { first, last } = this.loopRange();
      const floor = this.state.loop ? timeOfFrame(first, this.rate) : 0;
      if (position <= floor) {
        if (this.state.loop) position = timeOfFrame(last, this.rate);
        else {
          this.reverse = null;
          this.set({ shuttle: 0 });
          this.seekTo(0);
          return;
        }
      }
      if (!media.seeking) media.currentTime = position;
      this.set({ frame: this.clamp(frameAtTime(position, this.rate)) });
      this.reverse = requestAnimationFrame(tick);
    };
    this.reverse = requestAnimationFrame(tick);
  }

  readonly togglePlay = () => (this.state.shuttle !== 0 ? this.stop() : this.playForward(1));
  /** L: forward, faster each time (1×, 2×, 4×, 8×). */
  readonly shuttleForward = () => this.playForward(this.state.shuttle > 0 ? nextSpeed(this.state.shuttle) : 1);
  /** J: backward, faster each time. */
  readonly shuttleBackward = () => this.playBackward(this.state.shuttle < 0 ? nextSpeed(-this.state.shuttle) : 1);
  /** K: stop on the frame showing. */
  readonly stop = () => {
    this.halt();
    if (this.media) this.seekTo(frameAtTime(this.media.currentTime, this.rate));
  };
  /** Moves to a frame (clamped into the clip) and stops there. */
  readonly goTo = (frame: number) => {
    this.halt();
    this.seekTo(frame);
  };
  readonly step = (frames: number) => this.goTo(this.state.frame + frames);
  readonly markIn = () => {
    const at = this.state.frame;
    this.set({ inPoint: at, outPoint: this.state.outPoint !== null && this.state.outPoint < at ? null : this.state.outPoint });
  };
  readonly markOut = () => {
    const at = this.state.frame;
    this.set({ outPoint: at, inPoint: this.state.inPoint !== null && this.state.inPoint > at ? null : this.state.inPoint });
  };
  readonly clearIn = () => this.set({ inPoint: null });
  readonly clearOut = () => this.set({ outPoint: null });
  readonly goToIn = () => this.state.inPoint !== null && this.goTo(this.state.inPoint);
  readonly goToOut = () => this.state.outPoint !== null && this.goTo(this.state.outPoint);
  readonly toggleLoop = () => this.set({ loop: !this.state.loop });
}

export type Transport = TransportState &
  Pick<
    TransportController,
    | 'togglePlay'
    | 'shuttleForward'
    | 'shuttleBackward'
    | 'stop'
    | 'goTo'
    | 'step'
    | 'markIn'
    | 'markOut'
    | 'clearIn'
    | 'clearOut'
    | 'goToIn'
    | 'goToOut'
    | 'toggleLoop'
  >;

export function useTransport(media: HTMLMediaElement | null, rate: Fraction, frameCount: number): Transport {
  const [controller] = useState(() => new TransportController());
  useEffect(() => controller.attach(media, rate, frameCount), [controller, media, rate, frameCount]);
  const state = useSyncExternalStore(controller.subscribe, controller.snapshot);
  const { togglePlay, shuttleForward, shuttleBackward, stop, goTo, step, markIn, markOut, clearIn, clearOut, goToIn, goToOut, toggleLoop } =
    controller;
  return {
    ...state,
    togglePlay,
    shuttleForward,
    shuttleBackward,
    stop,
    goTo,
    step,
    markIn,
    markOut,
    clearIn,
    clearOut,
    goToIn,
    goToOut,
    toggleLoop,
  };
}
