/**
 * TLC's `-tool` mode frames every message as
 *
 *     @!@!@STARTMSG <code>:<class> @!@!@
 *     ...text...
 *     @!@!@ENDMSG <code> @!@!@
 *
 * where <code> is a number from TLC's message catalogue (EC.java, e.g. 2110 "invariant
 * violated") and <class> is 0 info, 1 error, 2 tlc-bug, 3 warning, 4 state. Text outside any
 * frame (SANY's parse errors, Print output) is kept as `unframed` lines. MessageSplitter is
 * incremental, so progress reports can be shown while TLC runs.
 */

export interface TlcMessage {
  code: number;
  /** 0 info, 1 error, 2 TLC bug, 3 warning, 4 state. */
  cls: number;
  text: string;
  /** Whether TLC framed it inside another message (whose text then includes it). */
  nested?: boolean;
}

const START = /^@!@!@STARTMSG (\d+):(\d+) @!@!@$/;
const END = /^@!@!@ENDMSG (\d+) @!@!@$/;

export class MessageSplitter {
  private buffered = '';
  /** Open frames; TLC nests a frame inside another for some errors. */
  private readonly open: { code: number; cls: number; lines: string[] }[] = [];
  readonly messages: TlcMessage[] = [];
  readonly unframed: string[] = [];

  constructor(private readonly onMessage?: (m: TlcMessage) => void) {}

  /** push feeds a chunk of TLC's stdout; complete lines are parsed at once. */
  push(chunk: string): void {
    this.buffered += chunk;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      this.line(this.buffered.slice(0, nl).replace(/\r$/, ''));
      this.buffered = this.buffered.slice(nl + 1);
    }
  }

  /** end flushes a last line without newline and closes frames TLC left open (it was killed). */
  end(): void {
    if (this.buffered.length > 0) this.line(this.buffered);
    this.buffered = '';
    while (this.open.length > 0) this.close();
  }

  private line(line: string): void {
    const start = START.exec(line);
    if (start) {
      this.open.push({ code: Number(start[1]), cls: Number(start[2]), lines: [] });
      return;
    }
    if (END.exec(line) && this.open.length > 0) {
      this.close();
      return;
    }
    const top = this.open[this.open.length - 1];
    if (top) top.lines.push(line);
    else this.unframed.push(line);
  }

  private close(): void {
    const frame = this.open.pop()!;
    const message: TlcMessage = { code: frame.code, cls: frame.cls, text: frame.lines.join('\n').replace(/\n+$/, '') };
    // TLC nests the cause inside its error (1000 "The error occurred when TLC was evaluating..."
    // wraps 2169 "The second argument of % should be..."): the outer message keeps it too.
    const parent = this.open[this.open.length - 1];
    if (parent) {
      parent.lines.push(message.text);
      message.nested = true;
    }
    this.messages.push(message);
    this.onMessage?.(message);
  }
}

/** splitMessages parses a whole `-tool` output at once. */
export function splitMessages(output: string): { messages: TlcMessage[]; unframed: string[] } {
  const s = new MessageSplitter();
  s.push(output);
  s.end();
  return { messages: s.messages, unframed: s.unframed };
}
