// Smoke test of the generated Java client against the mock: all eight variants of the JWT API.
// password → claims → refresh (a second use is refused) → MFA → delegation with the API key → revoke by
// JWT ID → revoke by uid → revoke current; each revocation is then checked to be refused with 401.
// The mock's side checks what went on the wire (sdks/harness/variants.mjs).
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsapijwt.client.ApiClient;
import dev.nsapijwt.client.ApiException;
import dev.nsapijwt.client.api.JwtApi;
import dev.nsapijwt.client.model.Claims;
import dev.nsapijwt.client.model.DelegationGrant;
import dev.nsapijwt.client.model.MfaGrant;
import dev.nsapijwt.client.model.PasswordGrant;
import dev.nsapijwt.client.model.RefreshGrant;
import dev.nsapijwt.client.model.TokenPair;
import dev.nsapijwt.client.model.TokenRequest;
import java.util.Base64;
import java.util.Map;

public final class Smoke {
  interface Call {
    void run() throws ApiException;
  }

  private static String env(String name) {
    return System.getenv(name);
  }

  /** The native library has no bearer support of its own: the credential goes in each call's headers. */
  private static Map<String, String> bearer(String credential) {
    return Map.of("Authorization", "Bearer " + credential);
  }

  /** The unverified payload of a JWT (only the server can verify it). */
  private static JsonNode claimsOf(String jwt) throws Exception {
    return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  private static void refused(Call call, String what) {
    try {
      call.run();
    } catch (ApiException e) {
      if (e.getCode() == 401) return;
      throw new IllegalStateException(what + ": expected 401, got " + e.getCode());
    }
    throw new IllegalStateException(what + " was accepted");
  }

  private static TokenPair password(JwtApi api, String username, String password) throws ApiException {
    PasswordGrant grant = new PasswordGrant()
        .grantType(PasswordGrant.GrantTypeEnum.PASSWORD)
        .clientId(env("NS_CLIENT_ID"))
        .clientSecret(env("NS_CLIENT_SECRET"))
        .username(username)
        .password(password);
    return api.createToken(new TokenRequest(grant), null);
  }

  public static void main(String[] args) throws Exception {
    ApiClient client = new ApiClient();
    client.updateBaseUri(env("NS_BASE_URL"));
    JwtApi api = new JwtApi(client);

    TokenPair first = password(api, env("NS_USERNAME"), env("NS_PASSWORD"));
    Claims claims = api.readToken(null, bearer(first.getToken()));
    if (!env("NS_USERNAME").equals(claims.getSub())) throw new IllegalStateException("unexpected subject");

    TokenPair pair = api.createToken(new TokenRequest(new RefreshGrant().refresh(first.getRefresh())), null);
    if (pair.getToken().equals(first.getToken()) || pair.getRefresh() == null) {
      throw new IllegalStateException("the refresh grant did not return a new pair");
    }
    refused(() -> api.createToken(new TokenRequest(new RefreshGrant().refresh(first.getRefresh())), null), "a spent refresh JWT");

    TokenPair pending = password(api, env("NS_MFA_USERNAME"), env("NS_MFA_PASSWORD"));
    JsonNode pendingClaims = claimsOf(pending.getToken());
    if (!"mfa_required".equals(pendingClaims.path("user_scope").asText())) {
      throw new IllegalStateException("the MFA user's password grant did not ask for MFA");
    }
    MfaGrant mfaGrant = new MfaGrant()
        .grantType(MfaGrant.GrantTypeEnum.MFA)
        .clientId(env("NS_CLIENT_ID"))
        .clientSecret(env("NS_CLIENT_SECRET"))
        .username(env("NS_MFA_USERNAME"))
        .password(env("NS_MFA_PASSWORD"))
        .mfaVendor(pendingClaims.path("mfa_vendor").asText())
        .mfaType(pendingClaims.path("mfa_type").asText())
        .nsIdType(MfaGrant.NsIdTypeEnum.SUBSCRIBER)
        .passcode(env("NS_MFA_PASSCODE"))
        .accessToken(pending.getToken());
    TokenPair mfa = api.createToken(new TokenRequest(mfaGrant), null);
    if ("mfa_required".equals(api.readToken(null, bearer(mfa.getToken())).getUserScope())) {
      throw new IllegalStateException("the MFA grant returned a pre-MFA token");
    }

    DelegationGrant delegation = new DelegationGrant().user(env("NS_DELEGATE_USER")).domain(env("NS_DELEGATE_DOMAIN"));
    TokenPair delegated = api.createToken(new TokenRequest(delegation), null, bearer(env("NS_API_KEY")));

    Map<String, String> manager = bearer(pair.getToken());
    api.revokeToken(claimsOf(delegated.getToken()).path("jti").asText(), null, manager);
    refused(() -> api.readToken(null, bearer(delegated.getToken())), "the token revoked by JWT ID");
    api.revokeToken(env("NS_MFA_USERNAME"), null, manager);
    refused(() -> api.readToken(null, bearer(mfa.getToken())), "the token revoked by uid");
    api.revokeCurrentToken(null, manager);
    refused(() -> api.readToken(null, manager), "the revoked current token");
    System.out.println("java: 8 variants (" + claims.getSub() + ", " + claims.getUserScope() + "): ok");
  }
}
