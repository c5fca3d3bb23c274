import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import type { SessionTokens, TokenStore } from "../token-store.js";
import { JWT } from "../validate.js";
import { SessionFileError } from "./exit-codes.js";

/** What `login` keeps: where the server is, and the tokens (the refresh JWT is all a refresh needs). */
export interface StoredSession {
  readonly baseUrl: string;
  /** Whether the base URL is a non-loopback http:// one that `--allow-insecure-http` let through. */
  readonly allowInsecureHttp: boolean;
  readonly token: string;
  readonly refresh?: string | undefined;
  /** When it was written, ISO 8601. */
  readonly savedAt: string;
}

/** `$XDG_CONFIG_HOME/ns-api-jwt`, or `~/.config/ns-api-jwt` (the XDG spec ignores a relative XDG_CONFIG_HOME). */
export function configDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), ".config");
  return join(base, "ns-api-jwt");
}

/**
 * The session file, like `gh`'s hosts file: mode 0600 in a 0700 directory, replaced atomically (a
 * temporary file in the same directory, fsynced, then renamed over it) so a crash or a second process
 * never sees half a file.
 */
export class SessionFile {
  readonly path: string;

  constructor(env: NodeJS.ProcessEnv) {
    this.path = join(configDir(env), "session.json");
  }

  /** The stored session, or undefined when there is no file. Refuses a file others can read. */
  read(): StoredSession | undefined {
    let mode: number;
    try {
      mode = statSync(this.path).mode;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw new SessionFileError(`Cannot read the session file ${this.path} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
    }
    if ((mode & 0o077) !== 0) {
      const octal = (mode & 0o777).toString(8).padStart(4, "0");
      throw new SessionFileError(`The session file ${this.path} is open to other users (mode ${octal}): run \`chmod 600 ${this.path}\`, or log in again.`);
    }
    let parsed: Partial<StoredSession> | undefined;
    try {
      parsed = JSON.parse(readFileSync(this.path, "utf8")) as Partial<StoredSession>;
    } catch {
      parsed = undefined;
    }
    const valid =
      parsed !== undefined &&
      parsed !== null &&
      typeof parsed.baseUrl === "string" &&
      typeof parsed.token === "string" &&
      JWT.test(parsed.token) &&
      (parsed.refresh === undefined || (typeof parsed.refresh === "string" && JWT.test(parsed.refresh)));
    if (!valid) throw new SessionFileError(`The session file ${this.path} is not one this CLI wrote: log in again (or delete it).`);
    return {
      baseUrl: parsed!.baseUrl!,
      allowInsecureHttp: parsed!.allowInsecureHttp === true,
      token: parsed!.token!,
      refresh: parsed!.refresh,
      savedAt: typeof parsed!.savedAt === "string" ? parsed!.savedAt : "",
    };
  }

  write(session: Omit<StoredSession, "savedAt">): void {
    const dir = dirname(this.path);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700); // it is ours alone, even if something made it earlier with a wider mode
    const data = `${JSON.stringify({ ...session, savedAt: new Date().toISOString() }, null, 2)}\n`;
    const temp = join(dir, `.session.json.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    let fd: number | undefined;
    try {
      fd = openSync(temp, "wx", 0o600);
      writeSync(fd, data);
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      renameSync(temp, this.path);
    } catch (error) {
      if (fd !== undefined) closeSync(fd);
      try {
        unlinkSync(temp);
      } catch {
        // it may never have been created
      }
      throw new SessionFileError(`Cannot write the session file ${this.path} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
    }
  }

  /** Deletes the file; false when there was none. */
  delete(): boolean {
    try {
      unlinkSync(this.path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw new SessionFileError(`Cannot delete the session file ${this.path} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
    }
  }

  /**
   * The session file as the facade's TokenStore, for one location: `set` (a login, a renewal) writes the
   * file, `clear` (a logout, a refused refresh) deletes it. The facade is the one writer; no command
   * copies tokens into the file itself.
   */
  store(location: SessionLocation, initial?: SessionTokens): TokenStore {
    let current = initial;
    return {
      get: () => current,
      set: (tokens) => {
        this.write({ ...location, token: tokens.token, refresh: tokens.refresh });
        current = tokens;
      },
      clear: () => {
        current = undefined;
        this.delete();
      },
    };
  }
}

/** Where a session's tokens may go: the file keeps it with them. */
export type SessionLocation = Pick<StoredSession, "baseUrl" | "allowInsecureHttp">;

