// The requests every smoke program (sdks/smoke/) must send, in order, as the mock's side sees them: the
// eight variants of the spec plus the reads that prove each one took effect. `auth` is the kind of
// credential the spec asks for: none for the password, MFA and refresh grants, the API key for delegation,
// an access JWT for the rest.
const PASSWORD_FIELDS = ["client_id", "client_secret", "grant_type", "password", "username"];
const MFA_FIELDS = ["access_token", "client_id", "client_secret", "grant_type", "mfa_type", "mfa_vendor", "ns_id_type", "passcode", "password", "username"];

/** The uid whose tokens the smoke programs revoke all at once (the MFA user). */
export const REVOKED_UID = "1002@example.com";

export const EXPECTED = [
  { step: "password", method: "POST", path: "/jwt", auth: "none", body: PASSWORD_FIELDS, status: 200 },
  { step: "claims", method: "GET", path: "/jwt", auth: "jwt", body: null, status: 200 },
  { step: "refresh", method: "POST", path: "/jwt", auth: "none", body: ["refresh"], status: 200 },
  { step: "refresh again with the spent JWT → refused", method: "POST", path: "/jwt", auth: "none", body: ["refresh"], status: 401 },
  { step: "MFA, first step (password grant)", method: "POST", path: "/jwt", auth: "none", body: PASSWORD_FIELDS, status: 200 },
  { step: "MFA", method: "POST", path: "/jwt", auth: "none", body: MFA_FIELDS, status: 200 },
  { step: "claims of the MFA token", method: "GET", path: "/jwt", auth: "jwt", body: null, status: 200 },
  { step: "delegation", method: "POST", path: "/jwt", auth: "api-key", body: ["domain", "user"], status: 200 },
  { step: "revoke by JWT ID (the delegated token)", method: "DELETE", path: /^\/jwt\/[0-9a-f]{40}$/, auth: "jwt", body: null, status: 202 },
  { step: "claims with the token revoked by JWT ID → refused", method: "GET", path: "/jwt", auth: "jwt", body: null, status: 401 },
  { step: "revoke by uid (every token of the MFA user)", method: "DELETE", path: `/jwt/${REVOKED_UID}`, auth: "jwt", body: null, status: 202 },
  { step: "claims with the token revoked by uid → refused", method: "GET", path: "/jwt", auth: "jwt", body: null, status: 401 },
  { step: "revoke current", method: "DELETE", path: "/jwt", auth: "jwt", body: null, status: 202 },
  { step: "claims with the revoked current token → refused", method: "GET", path: "/jwt", auth: "jwt", body: null, status: 401 },
];

const BASE_PATH = "/ns-api/v2";
const show = (value) => (value === null ? "no body" : Array.isArray(value) ? `{${value.join(", ")}}` : String(value));

/** Compares what a smoke program sent with EXPECTED; returns one line per difference (empty when all match). */
export function compareWithExpected(records) {
  const problems = [];
  const count = Math.max(records.length, EXPECTED.length);
  for (let i = 0; i < count; i++) {
    const want = EXPECTED[i];
    const got = records[i];
    if (want === undefined) {
      problems.push(`#${i + 1} unexpected extra request ${got.method} ${got.path}`);
      continue;
    }
    if (got === undefined) {
      problems.push(`#${i + 1} ${want.step}: no request`);
      continue;
    }
    let path;
    try {
      path = decodeURIComponent(got.path);
    } catch {
      path = got.path;
    }
    const relative = path.startsWith(`${BASE_PATH}/`) ? path.slice(BASE_PATH.length) : `(outside ${BASE_PATH}) ${path}`;
    const pathOk = want.path instanceof RegExp ? want.path.test(relative) : want.path === relative;
    const where = `#${i + 1} ${want.step}`;
    if (got.method !== want.method || !pathOk) problems.push(`${where}: sent ${got.method} ${relative}, expected ${want.method} ${want.path}`);
    if (got.auth !== want.auth) problems.push(`${where}: Authorization ${got.auth}, expected ${want.auth}`);
    if (show(got.body) !== show(want.body)) problems.push(`${where}: body ${show(got.body)}, expected ${show(want.body)}`);
    if (got.status !== want.status) problems.push(`${where}: the mock answered ${got.status}, expected ${want.status}`);
  }
  return problems;
}
