// The one end-to-end program of the runtime matrix: every flow of the client, against the mock, through the
// package as installed from its tarball (imported by name). Runtime-neutral: no Node, DOM or Deno APIs here,
// so the same file runs in Node, Bun, Deno, workerd and browsers, and compiles as a strict TypeScript consumer.
import { createAuthenticatedClient, NetworkError, NsAuth } from "ns-api-jwt";

/** What the runner hands the program: where the mock is and the mock's seeded credentials. */
export interface MatrixConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  apiKey: string;
  /** An Office Manager without MFA: the main session. */
  manager: { username: string; password: string };
  /** A user with MFA and the mock's fixed passcode. */
  mfa: { username: string; password: string; passcode: string };
  /** The user to delegate to, then revoke by uid (in the manager's domain). */
  other: { user: string; domain: string };
  /** Browsers only: a base URL whose server refuses this page's origin (CORS), to see the error it gives. */
  blockedBaseUrl?: string | undefined;
}

export const FLOWS = [
  "login",
  "mfa",
  "claims",
  "refresh",
  "delegation",
  "typed client",
  "auth.fetch",
  "revoke by JWT ID",
  "revoke by uid",
  "revoke current",
  "CORS refusal",
] as const;
export type Flow = (typeof FLOWS)[number];
export type Outcome = { status: "ok" } | { status: "n/a"; why: string } | { status: "fail"; error: string };

class NotApplicable extends Error {}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`expected ${what}`);
}

/** Runs every flow in order; a flow that fails is reported and the rest still run where they can. */
export async function runFlows(config: MatrixConfig): Promise<Record<Flow, Outcome>> {
  const results = {} as Record<Flow, Outcome>;
  const step = async (flow: Flow, work: () => Promise<void>) => {
    try {
      await work();
      results[flow] = { status: "ok" };
    } catch (error) {
      results[flow] =
        error instanceof NotApplicable ? { status: "n/a", why: error.message } : { status: "fail", error: describe(error) };
    }
  };
  const options = { baseUrl: config.baseUrl, clientId: config.clientId, clientSecret: config.clientSecret, apiKey: config.apiKey };
  const [managerUser, managerDomain] = config.manager.username.split("@") as [string, string];
  /** Whether the server now refuses `token` (revoked): asked with plain fetch, no session. */
  const refused = async (token: string) => {
    const response = await fetch(`${config.baseUrl}/jwt`, { headers: { Authorization: `Bearer ${token}` } });
    await response.body?.cancel();
    return response.status === 401;
  };

  const auth = new NsAuth(options);
  await step("login", async () => {
    const login = await auth.login(config.manager);
    check(login.status === "authenticated", "no MFA for the manager");
    check(login.claims.user === managerUser && login.claims.domain === managerDomain, "the manager's claims");
    check(login.canRefresh, "a refresh JWT");
  });

  await step("mfa", async () => {
    const mfa = new NsAuth(options);
    const first = await mfa.login(config.mfa);
    check(first.status === "mfa_required", "an MFA challenge");
    if (first.status !== "mfa_required") return;
    const done = await first.complete(config.mfa.passcode);
    check(done.claims.user_scope !== "mfa_required" && `${done.claims.user}@${done.claims.domain}` === config.mfa.username, "a full session");
    check((await mfa.claims()).user === done.claims.user, "GET /jwt to accept the MFA session");
  });

  await step("claims", async () => {
    const claims = await auth.claims();
    check(claims.user === managerUser && claims.domain === managerDomain, "the server's claims of the manager");
  });

  await step("refresh", async () => {
    const before = await auth.accessToken();
    await auth.refresh();
    const after = await auth.accessToken();
    check(after !== before, "a new access token");
    check((await auth.claims()).user === managerUser, "the renewed token to work");
  });

  const delegated = new NsAuth(options);
  await step("delegation", async () => {
    const session = await delegated.delegate(config.other);
    check(session.claims.user === config.other.user, "a token of the delegated user");
    check((await delegated.claims()).user === config.other.user, "the server's claims of the delegated user");
  });

  await step("typed client", async () => {
    const { data, response } = await createAuthenticatedClient(auth).GET("/jwt");
    check(response.status === 200 && data?.user === managerUser, "GET /jwt through the typed client");
  });

  await step("auth.fetch", async () => {
    const response = await auth.fetch("/jwt");
    const body = (await response.json()) as { user?: unknown };
    check(response.status === 200 && body.user === managerUser, "GET /jwt through auth.fetch");
  });

  await step("revoke by JWT ID", async () => {
    const other = new NsAuth(options);
    await other.login(config.manager);
    const token = await other.accessToken();
    const jti = other.decodeClaims()?.jti;
    check(typeof jti === "string", "a jti claim");
    await other.revokeToken(jti);
    check(!other.isAuthenticated, "revoking its own token to end the session");
    check(await refused(token), "the server to refuse the revoked token");
  });

  await step("revoke by uid", async () => {
    const token = await delegated.accessToken();
    await auth.revokeUser(`${config.other.user}@${config.other.domain}`);
    check(await refused(token), "the server to refuse the user's token");
    check(auth.isAuthenticated, "the manager's session to stay");
  });

  await step("revoke current", async () => {
    const token = await auth.accessToken();
    await auth.revoke();
    check(!auth.isAuthenticated, "the session to end");
    check(await refused(token), "the server to refuse the revoked token");
  });

  await step("CORS refusal", async () => {
    if (config.blockedBaseUrl === undefined) throw new NotApplicable("browsers only");
    const blocked = new NsAuth({ ...options, baseUrl: config.blockedBaseUrl });
    const error = await blocked.login(config.manager).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    check(error instanceof NetworkError, `a NetworkError, not ${describe(error)}`);
    check(error instanceof NetworkError && /cross-origin/i.test(error.message) && /CORS/.test(error.message), "the message to name CORS");
    const text = `${String(error)} ${JSON.stringify(error)}`;
    check(![config.manager.password, config.clientSecret, config.apiKey].some((secret) => text.includes(secret)), "no secret in the error");
  });

  return results;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
