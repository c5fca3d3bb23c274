// The library names its options (baseUrl, clientSecret…); a CLI user knows flags and environment
// variables. Every message the CLI shows goes through here, so none speaks the library's language.

/** Library option or argument name → what the CLI user sets. */
const TERMS: Record<string, string> = {
  server: "--server",
  baseUrl: "--base-url",
  allowInsecureHttp: "--allow-insecure-http",
  timeoutMs: "--timeout",
  clientId: "NS_CLIENT_ID",
  clientSecret: "NS_CLIENT_SECRET",
  apiKey: "NS_API_KEY",
  username: "--username",
  password: "NS_PASSWORD",
  passcode: "--passcode",
  user: "--user",
  domain: "--domain",
  jti: "--jti",
  uid: "--uid",
  token: "NS_TOKEN",
  refresh: "NS_REFRESH",
};

// Only the camel-case names are replaced inside a sentence: "user", "token" or "refresh" are also words.
const CAMEL = new RegExp(`\\b(${Object.keys(TERMS).filter((name) => /[A-Z]/.test(name)).join("|")})\\b`, "g");

/** The CLI's name for a library field. */
export function cliTerm(field: string): string {
  return TERMS[field] ?? field;
}

/** A ValidationError's message (`"<field> <rule>"`) in CLI terms. */
export function inCliTerms(message: string, field?: string): string {
  let text = message;
  if (field !== undefined && text.startsWith(`${field} `)) {
    const rule = text.slice(field.length + 1);
    // "token must be a JWT." reads on; "token The token's payload…" needs a colon.
    text = `${cliTerm(field)}${/^[A-Z]/.test(rule) ? ": " : " "}${rule}`;
  }
  return text.replace(CAMEL, (name) => TERMS[name] ?? name);
}
