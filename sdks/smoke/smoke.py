"""Smoke test of the generated Python client against the mock: all eight variants of the JWT API.

password → claims → refresh (a second use is refused) → MFA → delegation with the API key → revoke by
JWT ID → revoke by uid → revoke current; each revocation is then checked to be refused with 401.
The mock's side checks what went on the wire (sdks/harness/variants.mjs).
"""
import base64
import json
import os
import sys

from ns_api_jwt import (
    ApiClient,
    Configuration,
    DelegationGrant,
    JWTApi,
    MfaGrant,
    PasswordGrant,
    RefreshGrant,
    TokenRequest,
)
from ns_api_jwt.exceptions import UnauthorizedException

env = os.environ


def claims_of(jwt):
    """The unverified payload of a JWT (only the server can verify it)."""
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def bearer(credential):
    """Per-call credential: both bearer schemes share `Configuration.access_token`, so pass it per call."""
    return {"in": "header", "type": "bearer", "key": "Authorization", "value": f"Bearer {credential}"}


def refused(call, what):
    try:
        call()
    except UnauthorizedException:
        return
    sys.exit(f"{what} was accepted")


# No access_token in the configuration: the grants that need no Authorization send none.
with ApiClient(Configuration(host=env["NS_BASE_URL"])) as client:
    api = JWTApi(client)

    def password(username, secret):
        return api.create_token(TokenRequest(PasswordGrant(
            grant_type="password", client_id=env["NS_CLIENT_ID"], client_secret=env["NS_CLIENT_SECRET"],
            username=username, password=secret)))

    first = password(env["NS_USERNAME"], env["NS_PASSWORD"])
    claims = api.read_token(_request_auth=bearer(first.token))
    if claims.sub != env["NS_USERNAME"]:
        sys.exit("unexpected subject")

    pair = api.create_token(TokenRequest(RefreshGrant(refresh=first.refresh)))
    if pair.token == first.token or not pair.refresh:
        sys.exit("the refresh grant did not return a new pair")
    refused(lambda: api.create_token(TokenRequest(RefreshGrant(refresh=first.refresh))), "a spent refresh JWT")

    pending = password(env["NS_MFA_USERNAME"], env["NS_MFA_PASSWORD"])
    pending_claims = claims_of(pending.token)
    if pending_claims["user_scope"] != "mfa_required":
        sys.exit("the MFA user's password grant did not ask for MFA")
    mfa = api.create_token(TokenRequest(MfaGrant(
        grant_type="mfa", client_id=env["NS_CLIENT_ID"], client_secret=env["NS_CLIENT_SECRET"],
        username=env["NS_MFA_USERNAME"], password=env["NS_MFA_PASSWORD"],
        mfa_vendor=pending_claims["mfa_vendor"], mfa_type=pending_claims["mfa_type"], ns_id_type="subscriber",
        passcode=env["NS_MFA_PASSCODE"], access_token=pending.token)))
    if api.read_token(_request_auth=bearer(mfa.token)).user_scope == "mfa_required":
        sys.exit("the MFA grant returned a pre-MFA token")

    delegated = api.create_token(
        TokenRequest(DelegationGrant(user=env["NS_DELEGATE_USER"], domain=env["NS_DELEGATE_DOMAIN"])),
        _request_auth=bearer(env["NS_API_KEY"]))

    api.revoke_token(claims_of(delegated.token)["jti"], _request_auth=bearer(pair.token))
    refused(lambda: api.read_token(_request_auth=bearer(delegated.token)), "the token revoked by JWT ID")
    api.revoke_token(env["NS_MFA_USERNAME"], _request_auth=bearer(pair.token))
    refused(lambda: api.read_token(_request_auth=bearer(mfa.token)), "the token revoked by uid")
    api.revoke_current_token(_request_auth=bearer(pair.token))
    refused(lambda: api.read_token(_request_auth=bearer(pair.token)), "the revoked current token")
print(f"python: 8 variants ({claims.sub}, {claims.user_scope}): ok")
