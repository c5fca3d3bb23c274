// `npm start`: every JWT flow against the mock NetSapiens server, started here on a loopback port.
import { NsAuth, NsApiError } from "../src/index.js";
import { DEFAULT_API_KEY, DEFAULT_CLIENT, startMockServer } from "../src/mock/index.js";

const short = (token: string | undefined) => (token === undefined ? "(none)" : `${token.slice(0, 12)}…${token.slice(-6)}`);
const step = (title: string) => console.log(`\n▶ ${title}`);
const show = (label: string, value: unknown) => console.log(`  ${label.padEnd(22)} ${String(value)}`);

async function refused(what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
    throw new Error(`expected the server to refuse: ${what}`);
  } catch (error) {
    if (!(error instanceof NsApiError)) throw error;
    show(what, `refused → ${error.name}: ${error.message}`);
  }
}

const server = await startMockServer();
console.log(`Mock NetSapiens listening on ${server.baseUrl}`);
const options = { baseUrl: server.baseUrl, clientId: DEFAULT_CLIENT.clientId, clientSecret: DEFAULT_CLIENT.clientSecret };

try {
  step("Password login (1000@example.com, Office Manager)");
  const admin = new NsAuth(options);
  let refreshJwt: string | undefined;
  admin.onTokensChange((tokens) => (refreshJwt = tokens?.refresh));
  const login = await admin.login({ username: "1000@example.com", password: "demo-password-1000" });
  if (login.status !== "authenticated") throw new Error("unexpected MFA challenge");
  show("token", short(await admin.accessToken()));
  show("refresh JWT", short(refreshJwt));
  show("expires at", login.expiresAt?.toISOString());

  step("Claims: from the server (GET /jwt) and decoded locally (unverified)");
  const claims = await admin.claims();
  show("server says", `${claims.sub} · ${claims.user_scope} · ${claims.displayName}`);
  show("decoded locally", `${admin.decodeClaims()?.sub} · jti ${admin.decodeClaims()?.jti}`);

  step("MFA login (1002@example.com): a challenge first, then the passcode");
  const mia = new NsAuth(options);
  const challenge = await mia.login({ username: "1002@example.com", password: "demo-password-1002" });
  if (challenge.status !== "mfa_required") throw new Error("expected an MFA challenge");
  show("challenge", `${challenge.mfaVendor} ${challenge.mfaType}; nothing stored yet: authenticated=${mia.isAuthenticated}`);
  await refused("wrong passcode", () => challenge.complete("000000"));
  const completed = await challenge.complete("123456");
  show("after passcode", `${completed.claims.sub} · ${completed.claims.user_scope}`);

  step("Refresh: trade the refresh JWT for a new pair; the old one is spent");
  const spent = refreshJwt;
  const before = admin.decodeClaims()?.jti;
  await admin.refresh();
  show("jti", `${before} → ${admin.decodeClaims()?.jti}`);
  show("refresh JWT", `${short(spent)} → ${short(refreshJwt)}`);
  await refused("reusing the old one", () => new NsAuth(options).refreshFrom(spent ?? ""));

  step("Delegation: an API key gets a token for 1001@example.com");
  const delegated = new NsAuth({ baseUrl: server.baseUrl, apiKey: DEFAULT_API_KEY });
  const asBob = await delegated.delegate({ user: "1001", domain: "example.com" });
  show("delegated as", `${asBob.claims.sub} · ${asBob.claims.user_scope}`);

  step("Revoke one token by JWT ID (the admin revokes Mia's)");
  const miaToken = await mia.accessToken();
  await admin.revokeToken(mia.decodeClaims()?.jti ?? "");
  show("revoked jti", mia.decodeClaims()?.jti);
  await serverSays("Mia's token", miaToken);

  step("Revoke every token of a user by uid (1001@example.com)");
  const bobToken = await delegated.accessToken();
  await admin.revokeUser("1001@example.com");
  await serverSays("Bob's delegated token", bobToken);

  step("Logout: revoke the current token and clear the store");
  const adminToken = await admin.accessToken();
  await admin.revoke();
  show("authenticated", admin.isAuthenticated);
  await serverSays("the logged-out token", adminToken);
  console.log("\nDone: every flow ran against the mock.");
} finally {
  await server.close();
}

/** Sends GET /jwt with a bare token, as another holder of a copy would, and shows the server's answer. */
async function serverSays(label: string, token: string): Promise<void> {
  const response = await fetch(`${server.baseUrl}/jwt`, { headers: { Authorization: `Bearer ${token}` } });
  if (response.ok) throw new Error(`expected the server to refuse ${label}`);
  show(label, `GET /jwt → ${response.status} ${await response.text()}`);
}
