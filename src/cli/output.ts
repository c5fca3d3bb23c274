import type { Claims, NamedClaims } from "../types.js";

/** Where a command's output goes: results on stdout, notes on stderr; with `--json`, no notes at all. */
export class Output {
  constructor(
    private readonly stdout: NodeJS.WritableStream,
    private readonly stderr: NodeJS.WritableStream,
    readonly json: boolean,
  ) {}

  /** A result: one JSON line with `--json`, indented JSON otherwise. */
  result(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value, null, this.json ? undefined : 2)}\n`);
  }

  /** Plain lines on stdout (tokens, when asked for). */
  lines(...lines: string[]): void {
    this.stdout.write(lines.map((line) => `${line}\n`).join(""));
  }

  /** A message for the person at the terminal; left out with `--json`, whose stderr holds only errors. */
  note(text: string): void {
    if (!this.json) this.stderr.write(`${text}\n`);
  }
}

/** "1000@example.com (Office Manager)" from a token's claims. */
export function whoIs(claims: NamedClaims): string {
  return `${String(claims.sub ?? "?")} (${String(claims.user_scope ?? "?")})`;
}

/** "in 23 h 59 min", "5 min ago". */
export function relative(at: Date, now = Date.now()): string {
  const minutes = Math.round((at.getTime() - now) / 60_000);
  const size = Math.abs(minutes);
  const text = size >= 2 * 24 * 60 ? `${Math.round(size / 1440)} days` : size >= 60 ? `${Math.floor(size / 60)} h ${size % 60} min` : `${size} min`;
  return minutes >= 0 ? `in ${text}` : `${text} ago`;
}
