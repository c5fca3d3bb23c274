// Smoke test of the generated Go client against the mock: password login, claims, revoke, refused.
package main

import (
	"context"
	"fmt"
	"os"

	nsapijwt "example.com/ns-api-jwt/go"
)

func main() {
	cfg := nsapijwt.NewConfiguration()
	cfg.Servers = nsapijwt.ServerConfigurations{{URL: os.Getenv("NS_BASE_URL")}}
	api := nsapijwt.NewAPIClient(cfg).JWTAPI
	ctx := context.Background()

	grant := nsapijwt.NewPasswordGrant("password", os.Getenv("NS_CLIENT_ID"), os.Getenv("NS_CLIENT_SECRET"), os.Getenv("NS_USERNAME"), os.Getenv("NS_PASSWORD"))
	pair, _, err := api.CreateToken(ctx).TokenRequest(nsapijwt.PasswordGrantAsTokenRequest(grant)).Execute()
	if err != nil {
		fail("login: %v", err)
	}
	authed := context.WithValue(ctx, nsapijwt.ContextAccessToken, pair.GetToken())
	claims, _, err := api.ReadToken(authed).Execute()
	if err != nil || claims.GetSub() != os.Getenv("NS_USERNAME") {
		fail("claims: %v", err)
	}
	if _, _, err := api.RevokeCurrentToken(authed).Execute(); err != nil {
		fail("revoke: %v", err)
	}
	_, response, err := api.ReadToken(authed).Execute()
	if err == nil || response == nil || response.StatusCode != 401 {
		fail("the revoked token was not refused with 401: %v", err)
	}
	fmt.Printf("go: login, claims (%s, %s), revoke, refused: ok\n", claims.GetSub(), claims.GetUserScope())
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}
