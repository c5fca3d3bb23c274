// A tiny browser app on the facade: log in, read the claims. Measured by bench/bundle-size.ts.
import { NsAuth } from "ns-api-jwt";

const auth = new NsAuth({ server: location.hostname, clientId: "my-app", clientSecret: "secret" });
const login = await auth.login({ username: "1000@example.com", password: "password" });
if (login.status === "mfa_required") await login.complete(prompt("Passcode") ?? "");
document.body.textContent = JSON.stringify(await auth.claims());
