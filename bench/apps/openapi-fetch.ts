// The same app on raw openapi-fetch with our generated types.
import createClient from "openapi-fetch";
import type { paths } from "../../generated/api.js";

const api = createClient<paths>({ baseUrl: `https://${location.hostname}/ns-api/v2` });
const { data } = await api.POST("/jwt", {
  body: { grant_type: "password", client_id: "my-app", client_secret: "secret", username: "1000@example.com", password: "password" },
});
const claims = await api.GET("/jwt", { headers: { Authorization: `Bearer ${data?.token}` } });
document.body.textContent = JSON.stringify(claims.data);
