import type { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';
import type { ClientChannel } from 'ssh2';

/**
 * An ssh2 channel dressed as a socket for Node's http client and Agent, and for callers of
 * `forwardTcp`. An ssh2 Channel is a Duplex but not a net.Socket: it lacks setTimeout, setKeepAlive,
 * setNoDelay, ref and unref (which http calls in some paths), its destroy() ignores the error and
 * never marks it destroyed, and it emits 'close' only once its data has been read. This wrapper is a
 * plain Duplex with Node's usual destroy semantics, the socket methods http may call, and an error
 * handler of its own, so nothing it emits can become an uncaught exception.
 */
export class ChannelSocket extends Duplex {
  /** As on net.Socket: the idle timeout in ms, 0 when off (the http Agent reads it). */
  timeout = 0;
  readonly connecting = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private pendingWrite: ((error?: Error | null) => void) | undefined;
  private ended = false;
  private channelClosed = false;

  constructor(
    private readonly channel: ClientChannel,
    onError: (error: Error) => void = () => undefined,
  ) {
    super({ allowHalfOpen: false });
    this.on('error', onError);
    channel.on('error', (error: Error) => this.destroy(error));
    channel.on('data', (chunk: Buffer) => {
      if (this.destroyed) return; // discarded, so ssh2 can finish the channel after we let go
      this.touch();
      if (!this.push(chunk)) channel.pause();
    });
    channel.on('end', () => this.endReadable());
    channel.on('drain', () => {
      const pending = this.pendingWrite;
      this.pendingWrite = undefined;
      pending?.();
    });
    channel.on('close', () => {
      this.channelClosed = true;
      this.endReadable();
      const pending = this.pendingWrite;
      this.pendingWrite = undefined;
      if (pending) pending(new Error('The SSH channel closed before the data could be sent.'));
      else if (!this.destroyed && this.writableLength === 0 && !this.writableEnded) this.end();
    });
  }

  /**
   * Fails whatever uses this socket with `error`: an HTTP response still streaming (Docker events, a
   * pull) errors with it rather than with Node's bare "aborted", and so does a pending request.
   */
  failWith(error: Error): void {
    if (this.destroyed) return;
    const res = (this as unknown as { _httpMessage?: { res?: IncomingMessage } })._httpMessage?.res;
    if (res && !res.complete && !res.destroyed) res.destroy(error);
    if (!this.destroyed) this.destroy(error);
  }

  setTimeout(ms: number, callback?: () => void): this {
    this.timeout = ms;
    if (callback) {
      if (ms === 0) this.removeListener('timeout', callback);
      else this.once('timeout', callback);
    }
    this.touch();
    return this;
  }

  setKeepAlive(): this {
    return this; // SSH keepalives watch the whole connection (see SshSession)
  }

  setNoDelay(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  override _read(): void {
    this.channel.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.channelClosed) {
      callback(new Error('The SSH channel is closed.'));
      return;
    }
    this.touch();
    try {
      if (this.channel.write(chunk)) callback();
      else this.pendingWrite = callback;
    } catch (error) {
      callback(error as Error);
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    try {
      if (!this.channelClosed) this.channel.end();
    } catch {
      // the connection is gone: nothing left to flush
    }
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    this.pendingWrite = undefined; // Writable fails its own pending writes on destroy
    try {
      if (!this.channelClosed) this.channel.destroy();
    } catch {
      // the connection is gone already
    }
    this.channel.resume(); // let ssh2 drain and close the channel
    callback(error);
  }

  private endReadable(): void {
    if (this.ended) return;
    this.ended = true;
    this.push(null);
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    if (this.timeout > 0 && !this.destroyed) {
      this.idleTimer = setTimeout(() => this.emit('timeout'), this.timeout);
      this.idleTimer.unref();
    }
  }
}
