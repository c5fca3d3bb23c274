import { resolveBaseUrl } from "../base-url.js";
import type { CallOptions } from "../deadline.js";
import { NsAuth, type NsAuthSettings } from "../ns-auth.js";
import { UsageError } from "./exit-codes.js";
import { Output } from "./output.js";
import { SecretInput } from "./secret-input.js";
import { SessionFile } from "./session-file.js";

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

  /** The location given by flags, or undefined when neither `--server` nor `--base-url` was. */
  location(): Location | undefined {
    const server = this.string("server");
    const baseUrl = this.string("base-url");
    const allowInsecureHttp = this.flag("allow-insecure-http");
    if (server !== undefined && baseUrl !== undefined) throw this.usage("Give --server or --base-url, not both.");
    if (server === undefined && baseUrl === undefined) return undefined;
    if (server !== undefined && !/^[a-z\d]([a-z\d.-]*[a-z\d])?(:\d{1,5})?$/i.test(server)) {
      throw this.usage("--server must be a bare host name, such as pbx.example.com (or give --base-url).");
    }
    if (baseUrl !== undefined) {
      let url: URL | undefined;
      try {
        url = new URL(baseUrl);
      } catch {
        url = undefined;
      }
      if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
        throw this.usage("--base-url must be an http(s) URL without credentials, query or fragment, such as https://pbx.example.com/ns-api/v2.");
      }
    }
    try {
      return { baseUrl: resolveBaseUrl(server !== undefined ? { server } : { baseUrl: baseUrl! }, { allowInsecureHttp }), allowInsecureHttp };
    } catch {
      // The one rule left: plain http to a host that is not loopback.
      throw this.usage("--base-url must be https:// (http:// only on loopback, or with --allow-insecure-http: tokens would cross the network in clear).");
    }
  }

  requireLocation(): Location {
    const location = this.location();
    if (location === undefined) throw this.usage(`${this.command} needs --server HOST or --base-url URL.`);
    return location;
  }

  /** The facade, for `location`. Flags are checked before this; the facade checks the secrets. */
  facade(location: Location, credentials: Pick<NsAuthSettings, "clientId" | "clientSecret" | "apiKey" | "store"> = {}): NsAuth {
    const timeoutMs = this.timeoutMs();
    this.baseUrl = location.baseUrl;
    return new NsAuth({
      baseUrl: location.baseUrl,
      allowInsecureHttp: location.allowInsecureHttp,
      ...credentials,
      retry: { retries: 2 },
      userAgent: "cli",
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
  }

  /** A secret from its environment variable or standard input; a usage error when neither gives one. */
  async need(variable: string, prompt: string): Promise<string> {
    const value = await this.secrets.get(variable, prompt);
    if (value === undefined) throw this.usage(`${variable} is not set and standard input gave no value.`);
    return value;
  }
}
