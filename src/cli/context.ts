import type { CallOptions } from "../deadline.js";
import { ValidationError } from "../errors.js";
import { NsAuth, type NsAuthOptions } from "../ns-auth.js";
import type { TokenStore } from "../token-store.js";
import { cliTerm, inCliTerms } from "./cli-terms.js";
import { UsageError } from "./exit-codes.js";
import { Output } from "./output.js";
import { SecretInput } from "./secret-input.js";
import { SessionFile } from "./session-file.js";

/** The library fields that come from flags: a ValidationError on one is a usage error (see `--help`). */
const FLAG_FIELDS = new Set(["server", "baseUrl", "allowInsecureHttp", "timeoutMs", "passcode", "username", "user", "domain", "jti", "uid"]);

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

export type FlagValues = Record<string, string | boolean | undefined>;

/** Where to send requests, from `--server`/`--base-url`, already checked. */
export interface Location {
  baseUrl: string;
  allowInsecureHttp: boolean;
}

/** What a command runs with: its flags, its output, the secrets and the session file. */
export class Context {
  readonly out: Output;
  readonly secrets: SecretInput;
  readonly sessions: SessionFile;
  /** The base URL the command talks to, once known: error reports name its host. */
  baseUrl: string | undefined;

  constructor(
    readonly io: CliIo,
    readonly command: string,
    readonly values: FlagValues,
  ) {
    this.out = new Output(io.stdout, io.stderr, values.json === true);
    this.secrets = new SecretInput(io.env, io.stdin, io.stderr);
    this.sessions = new SessionFile(io.env);
  }

  get json(): boolean {
    return this.values.json === true;
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === "string" ? value : undefined;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  usage(message: string): UsageError {
    return new UsageError(message, this.command);
  }

  /** `--timeout` in ms, checked; undefined when not given (the facade's 30 s then). */
  timeoutMs(): number | undefined {
    const text = this.string("timeout");
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text) || Number(text) <= 0 || !Number.isSafeInteger(Number(text))) {
      throw this.usage("--timeout must be a positive number of milliseconds.");
    }
    return Number(text);
  }

  callOptions(): CallOptions {
    const timeoutMs = this.timeoutMs();
    return timeoutMs === undefined ? {} : { timeoutMs };
  }

  /**
   * The location given by flags, or undefined when neither `--server` nor `--base-url` was. The library
   * checks it (its rule, one place); its ValidationError is reported in the CLI's words, as a usage error.
   */
  location(): Location | undefined {
    const server = this.string("server");
    const baseUrl = this.string("base-url");
    if (server === undefined && baseUrl === undefined) return undefined;
    const allowInsecureHttp = this.flag("allow-insecure-http");
    const where = { ...(server === undefined ? {} : { server }), ...(baseUrl === undefined ? {} : { baseUrl }) } as { server: string } | { baseUrl: string };
    return { baseUrl: this.checked(() => new NsAuth({ ...where, allowInsecureHttp })).baseUrl, allowInsecureHttp };
  }

  requireLocation(): Location {
    const location = this.location();
    if (location === undefined) throw this.usage(`${this.command} needs --server HOST or --base-url URL.`);
    return location;
  }

  /**
   * The facade, for `location`, keeping its tokens in `store` (the session file's, or one in memory).
   * Flags are checked before this; the facade checks the secrets.
   */
  facade(location: Location, store: TokenStore, credentials: Pick<NsAuthOptions, "clientId" | "clientSecret" | "apiKey"> = {}): NsAuth {
    const timeoutMs = this.timeoutMs();
    this.baseUrl = location.baseUrl;
    return this.checked(
      () =>
        new NsAuth({
          baseUrl: location.baseUrl,
          allowInsecureHttp: location.allowInsecureHttp,
          ...credentials,
          store,
          retry: { retries: 2 },
          userAgent: "cli",
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
        }),
    );
  }

  /**
   * A library check on what the command line gave: its ValidationError becomes a usage error naming the
   * flag (or `source`, when the value came from elsewhere, such as NS_PASSCODE).
   */
  checked<T>(make: () => T, source?: string): T {
    try {
      return make();
    } catch (error) {
      if (!(error instanceof ValidationError) || !FLAG_FIELDS.has(error.field)) throw error;
      const message = inCliTerms(error.message, error.field);
      throw this.usage(source === undefined ? message : `${source}${message.slice(cliTerm(error.field).length)}`);
    }
  }

  /** A secret from its environment variable or standard input; a usage error when neither gives one. */
  async need(variable: string, prompt: string): Promise<string> {
    const value = await this.secrets.get(variable, prompt);
    if (value === undefined) throw this.usage(`${variable} is not set and standard input gave no value.`);
    return value;
  }
}
