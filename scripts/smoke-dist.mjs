#!/usr/bin/env node
// Uses the built package as an app that installed it would: imported by name from ESM and from CommonJS,
// it logs in to the mock and reads the claims through the facade and through the typed client (whose
// openapi-fetch runtime is bundled into dist/). Needs `npm run build`.
import { createRequire } from "node:module";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const require = createRequire(join(root, "package.json"));
const { startMockServer, DEFAULT_CLIENT, DEFAULT_USERS } = await import("ns-api-jwt/mock");

const user = DEFAULT_USERS.find((u) => u.passcode === undefined && u.totpSecret === undefined);
const server = await startMockServer();
try {
  for (const [format, entry] of [["ESM", await import("ns-api-jwt")], ["CJS", require("ns-api-jwt")]]) {
    const auth = new entry.NsAuth({ baseUrl: server.baseUrl, ...DEFAULT_CLIENT });
    await auth.login({ username: `${user.user}@${user.domain}`, password: user.password });
    const facadeClaims = await auth.claims();
    const { data, response } = await entry.createAuthenticatedClient(auth).GET("/jwt");
    if (response.status !== 200 || data?.user !== user.user || facadeClaims.user !== user.user) {
      throw new Error(`${format}: expected the claims of ${user.user}, got ${response.status}`);
    }
    console.log(`${format}: login, claims and typed GET /jwt work from the built package`);
  }
} finally {
  await server.close();
}
