// Where an export is written while it is built: a sink for the file's bytes and a spool for what must be written
// later than it is read (the events of a JSON file come after its sources, a report's timeline after tables that
// need every event). In memory for small exports built at once (buildExport), or on files the caller opened: an
// export of any size then holds one page of events in memory, whatever its number of events.
import { readSync, writeSync } from "node:fs";

export interface Sink {
  write(chunk: string | Uint8Array): void;
}

/** Text written now and read back, in order, once everything is written. */
export interface Spool extends Sink {
  /** The bytes written, in chunks (a chunk may be reused once the next is asked for). */
  chunks(): Iterable<Uint8Array>;
  /** The text written, line by line (lines end with "\n"; the last may not). */
  lines(): Iterable<string>;
}

const encoder = new TextEncoder();
const bytesOf = (chunk: string | Uint8Array) => (typeof chunk === "string" ? encoder.encode(chunk) : chunk);

/** The whole file in memory: a string when only text was written. */
export class MemorySink implements Sink {
  private readonly parts: (string | Uint8Array)[] = [];
  write(chunk: string | Uint8Array): void {
    this.parts.push(chunk);
  }
  body(): string | Buffer {
    if (this.parts.every((p) => typeof p === "string")) return this.parts.join("");
    return Buffer.concat(this.parts.map((p) => bytesOf(p)));
  }
}

export function memorySpool(): Spool {
  const parts: string[] = [];
  return {
    write: (chunk) => void parts.push(typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk)),
    *chunks() {
      for (const p of parts) yield encoder.encode(p);
    },
    *lines() {
      const lines = parts.join("").split("\n");
      if (lines[lines.length - 1] === "") lines.pop();
      yield* lines;
    },
  };
}

/** Text gathered up to this many bytes before one write to the file. */
const BUFFER = 1 << 20;

/** Writes to an open file descriptor (the caller opens and closes it), a megabyte at a time. */
export class FileSink implements Sink {
  private pending: string[] = [];
  private size = 0;
  /** Bytes written to the file so far (flushed). */
  written = 0;
  constructor(
    private readonly fd: number,
    private position = 0,
  ) {}
  write(chunk: string | Uint8Array): void {
    if (typeof chunk === "string") {
      this.pending.push(chunk);
      this.size += chunk.length;
      if (this.size >= BUFFER) this.flush();
      return;
    }
    this.flush();
    this.put(chunk);
  }
  flush(): void {
    if (!this.pending.length) return;
    const bytes = encoder.encode(this.pending.join(""));
    this.pending = [];
    this.size = 0;
    this.put(bytes);
  }
  private put(bytes: Uint8Array): void {
    for (let off = 0; off < bytes.length;) {
      const n = writeSync(this.fd, bytes, off, bytes.length - off, this.position);
      off += n;
      this.position += n;
      this.written += n;
    }
  }
}

/** A spool on an open file descriptor, opened for reading and writing ("w+"). */
export function fileSpool(fd: number): Spool {
  const sink = new FileSink(fd);
  function* chunks(): Iterable<Uint8Array> {
    sink.flush();
    const buf = new Uint8Array(BUFFER);
    for (let pos = 0; pos < sink.written;) {
      const n = readSync(fd, buf, 0, Math.min(BUFFER, sink.written - pos), pos);
      if (n <= 0) throw new Error("export spool: the file is shorter than what was written to it");
      pos += n;
      yield buf.subarray(0, n);
    }
  }
  return {
    write: (chunk) => sink.write(chunk),
    chunks,
    *lines() {
      const decoder = new TextDecoder();
      let rest = "";
      for (const chunk of chunks()) {
        const text = rest + decoder.decode(chunk, { stream: true });
        const last = text.lastIndexOf("\n");
        if (last < 0) {
          rest = text;
          continue;
        }
        yield* text.slice(0, last).split("\n");
        rest = text.slice(last + 1);
      }
      rest += decoder.decode();
      if (rest) yield rest;
    },
  };
}
