// Smoke test of the generated Go client against the mock: all eight variants of the JWT API.
// password → claims → refresh (a second use is refused) → MFA → delegation with the API key → revoke by
// JWT ID → revoke by uid → revoke current; each revocation is then checked to be refused with 401.
// The mock's side checks what went on the wire (sdks/harness/variants.mjs).
package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"

	nsapijwt "example.com/ns-api-jwt/go"
)

var env = os.Getenv

func main() {
	cfg := nsapijwt.NewConfiguration()
	cfg.Servers = nsapijwt.ServerConfigurations{{URL: env("NS_BASE_URL")}}
	api := nsapijwt.NewAPIClient(cfg).JWTAPI
	// The credential travels in the context: none for the password, MFA and refresh grants.
	anonymous := context.Background()
	as := func(credential string) context.Context {
		return context.WithValue(anonymous, nsapijwt.ContextAccessToken, credential)
	}
	password := func(username, secret string) *nsapijwt.TokenPair {
		grant := nsapijwt.NewPasswordGrant("password", env("NS_CLIENT_ID"), env("NS_CLIENT_SECRET"), username, secret)
		pair, _, err := api.CreateToken(anonymous).TokenRequest(nsapijwt.PasswordGrantAsTokenRequest(grant)).Execute()
		check(err, "password grant")
		return pair
	}

	first := password(env("NS_USERNAME"), env("NS_PASSWORD"))
	claims, _, err := api.ReadToken(as(first.GetToken())).Execute()
	check(err, "claims")
	if claims.GetSub() != env("NS_USERNAME") {
		fail("unexpected subject %q", claims.GetSub())
	}

	refresh := func(jwt string) (*nsapijwt.TokenPair, *http.Response, error) {
		return api.CreateToken(anonymous).TokenRequest(nsapijwt.RefreshGrantAsTokenRequest(nsapijwt.NewRefreshGrant(jwt))).Execute()
	}
	pair, _, err := refresh(first.GetRefresh())
	check(err, "refresh grant")
	if pair.GetToken() == first.GetToken() || pair.GetRefresh() == "" {
		fail("the refresh grant did not return a new pair")
	}
	_, response, err := refresh(first.GetRefresh())
	refused(err, response, "a spent refresh JWT")

	pending := password(env("NS_MFA_USERNAME"), env("NS_MFA_PASSWORD"))
	pendingClaims := claimsOf(pending.GetToken())
	if pendingClaims["user_scope"] != "mfa_required" {
		fail("the MFA user's password grant did not ask for MFA")
	}
	mfaGrant := nsapijwt.NewMfaGrant("mfa", env("NS_CLIENT_ID"), env("NS_CLIENT_SECRET"), env("NS_MFA_USERNAME"), env("NS_MFA_PASSWORD"),
		pendingClaims["mfa_type"].(string), pendingClaims["mfa_vendor"].(string), "subscriber", env("NS_MFA_PASSCODE"), pending.GetToken())
	mfa, _, err := api.CreateToken(anonymous).TokenRequest(nsapijwt.MfaGrantAsTokenRequest(mfaGrant)).Execute()
	check(err, "MFA grant")
	mfaClaims, _, err := api.ReadToken(as(mfa.GetToken())).Execute()
	check(err, "claims of the MFA token")
	if mfaClaims.GetUserScope() == "mfa_required" {
		fail("the MFA grant returned a pre-MFA token")
	}

	delegation := nsapijwt.NewDelegationGrant(env("NS_DELEGATE_USER"), env("NS_DELEGATE_DOMAIN"))
	delegated, _, err := api.CreateToken(as(env("NS_API_KEY"))).TokenRequest(nsapijwt.DelegationGrantAsTokenRequest(delegation)).Execute()
	check(err, "delegation grant")

	manager := as(pair.GetToken())
	_, _, err = api.RevokeToken(manager, claimsOf(delegated.GetToken())["jti"].(string)).Execute()
	check(err, "revoke by JWT ID")
	_, response, err = api.ReadToken(as(delegated.GetToken())).Execute()
	refused(err, response, "the token revoked by JWT ID")
	_, _, err = api.RevokeToken(manager, env("NS_MFA_USERNAME")).Execute()
	check(err, "revoke by uid")
	_, response, err = api.ReadToken(as(mfa.GetToken())).Execute()
	refused(err, response, "the token revoked by uid")
	_, _, err = api.RevokeCurrentToken(manager).Execute()
	check(err, "revoke current")
	_, response, err = api.ReadToken(manager).Execute()
	refused(err, response, "the revoked current token")
	fmt.Printf("go: 8 variants (%s, %s): ok\n", claims.GetSub(), claims.GetUserScope())
}

// claimsOf reads a JWT's payload without verifying it (only the server can).
func claimsOf(jwt string) map[string]any {
	payload, err := base64.RawURLEncoding.DecodeString(strings.Split(jwt, ".")[1])
	check(err, "decoding a JWT")
	claims := map[string]any{}
	check(json.Unmarshal(payload, &claims), "decoding a JWT")
	return claims
}

func check(err error, what string) {
	if err != nil {
		fail("%s: %v", what, err)
	}
}

func refused(err error, response *http.Response, what string) {
	if err == nil || response == nil || response.StatusCode != 401 {
		fail("%s was not refused with 401: %v", what, err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}
