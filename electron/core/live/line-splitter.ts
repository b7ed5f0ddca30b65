/**
 * Splits a byte stream into lines. Docker's event stream is newline-
 * delimited JSON, and one chunk may hold several events or half of one.
 */
export class LineSplitter {
  private rest = '';
  private readonly decoder = new TextDecoder('utf-8');

  /** Feeds a chunk; returns the complete lines it finished, without their newlines. */
  push(chunk: Uint8Array | string): string[] {
    this.rest += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const parts = this.rest.split('\n');
    this.rest = parts.pop() ?? '';
    return parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.length > 0);
  }

  /** Whatever is left when the stream ends (a last line without a newline). */
  flush(): string[] {
    const last = (this.rest + this.decoder.decode()).trim();
    this.rest = '';
    return last ? [last] : [];
  }
}
