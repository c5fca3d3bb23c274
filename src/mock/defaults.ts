/** A user the mock knows. Give `passcode` (fixed, for tests) or `totpSecret` (base32) to require MFA. */
export interface MockUser {
  user: string;
  domain: string;
  password: string;
  scope?: string;
  displayName?: string;
  email?: string | null;
  passcode?: string;
  totpSecret?: string;
}

/** The seeded defaults: documented in the README so demos and users' tests can rely on them. */
export const DEFAULT_CLIENT = { clientId: "ns-api-jwt-demo", clientSecret: "demo-client-secret" } as const;
/** The API key the mock accepts for delegation unless `apiKeys` is given. */
export const DEFAULT_API_KEY = `nsd_DemoKey01${"0123456789abcdef".repeat(3)}`;
/** The users the mock knows unless `users` is given: 1000 and 1001 (password only), 1002 (MFA, passcode 123456). */
export const DEFAULT_USERS: readonly MockUser[] = [
  { user: "1000", domain: "example.com", password: "demo-password-1000", scope: "Office Manager", displayName: "Ada Admin", email: "ada@example.com" },
  { user: "1001", domain: "example.com", password: "demo-password-1001", scope: "Basic User", displayName: "Bob Basic", email: null },
  { user: "1002", domain: "example.com", password: "demo-password-1002", scope: "Basic User", displayName: "Mia MFA", email: "mia@example.com", passcode: "123456" },
];
