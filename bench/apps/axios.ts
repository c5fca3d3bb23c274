// The same app on axios.
import axios from "axios";

const api = axios.create({ baseURL: `https://${location.hostname}/ns-api/v2` });
const { data } = await api.post("/jwt", {
  grant_type: "password", client_id: "my-app", client_secret: "secret", username: "1000@example.com", password: "password",
});
const claims = await api.get("/jwt", { headers: { Authorization: `Bearer ${data.token}` } });
document.body.textContent = JSON.stringify(claims.data);
