// Smoke test of the generated Java client against the mock: password login, claims, revoke, refused.
import dev.nsapijwt.client.ApiClient;
import dev.nsapijwt.client.ApiException;
import dev.nsapijwt.client.api.JwtApi;
import dev.nsapijwt.client.model.Claims;
import dev.nsapijwt.client.model.PasswordGrant;
import dev.nsapijwt.client.model.TokenPair;
import dev.nsapijwt.client.model.TokenRequest;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

public final class Smoke {
  public static void main(String[] args) throws Exception {
    URI base = URI.create(System.getenv("NS_BASE_URL"));
    ApiClient client = new ApiClient();
    client.updateBaseUri(base.toString());
    // The native client has no bearer support of its own; the API reads the interceptor when it is built.
    AtomicReference<String> bearer = new AtomicReference<>();
    client.setRequestInterceptor(request -> {
      if (bearer.get() != null) request.header("Authorization", "Bearer " + bearer.get());
    });
    JwtApi api = new JwtApi(client);

    PasswordGrant grant = new PasswordGrant()
        .grantType(PasswordGrant.GrantTypeEnum.PASSWORD)
        .clientId(System.getenv("NS_CLIENT_ID"))
        .clientSecret(System.getenv("NS_CLIENT_SECRET"))
        .username(System.getenv("NS_USERNAME"))
        .password(System.getenv("NS_PASSWORD"));
    TokenPair pair = api.createToken(new TokenRequest(grant), null);

    bearer.set(pair.getToken());
    Claims claims = api.readToken(null);
    if (!System.getenv("NS_USERNAME").equals(claims.getSub())) throw new IllegalStateException("unexpected subject");
    api.revokeCurrentToken(null);
    try {
      api.readToken(null);
      throw new IllegalStateException("the revoked token was accepted");
    } catch (ApiException e) {
      if (e.getCode() != 401) throw new IllegalStateException("expected 401, got " + e.getCode());
    }
    System.out.println("java: login, claims (" + claims.getSub() + ", " + claims.getUserScope() + "), revoke, refused: ok");
  }
}
