<?php
// Smoke test of the generated PHP client against the mock: all eight variants of the JWT API.
// password → claims → refresh (a second use is refused) → MFA → delegation with the API key → revoke by
// JWT ID → revoke by uid → revoke current; each revocation is then checked to be refused with 401.
// The mock's side checks what went on the wire (sdks/harness/variants.mjs).
// Guzzle comes from Debian's php-guzzlehttp-guzzle; the generated classes load with a PSR-4 autoloader.
declare(strict_types=1);

require '/usr/share/php/GuzzleHttp/autoload.php';
require '/usr/share/php/GuzzleHttp/Psr7/autoload.php';
require '/usr/share/php/GuzzleHttp/Promise/autoload.php';

$sdk = getenv('SDK_DIR');
spl_autoload_register(static function (string $class) use ($sdk): void {
    $prefix = 'NsApiJwt\\';
    if (strncmp($class, $prefix, strlen($prefix)) === 0) {
        $file = $sdk . '/lib/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

use NsApiJwt\Api\JWTApi;
use NsApiJwt\ApiException;
use NsApiJwt\Configuration;
use NsApiJwt\Model\DelegationGrant;
use NsApiJwt\Model\MfaGrant;
use NsApiJwt\Model\PasswordGrant;
use NsApiJwt\Model\RefreshGrant;

function fail(string $message): never
{
    fwrite(STDERR, $message . "\n");
    exit(1);
}

/** The unverified payload of a JWT (only the server can verify it). */
function claimsOf(string $jwt): array
{
    return json_decode(base64_decode(strtr(explode('.', $jwt)[1], '-_', '+/')), true, 512, JSON_THROW_ON_ERROR);
}

function refused(callable $call, string $what): void
{
    try {
        $call();
    } catch (ApiException $e) {
        if ($e->getCode() === 401) {
            return;
        }
        fail("$what: expected 401, got {$e->getCode()}");
    }
    fail("$what was accepted");
}

$http = new GuzzleHttp\Client();
$config = (new Configuration())->setHost(getenv('NS_BASE_URL'));
// Both bearer schemes read the one access token of a Configuration: one API object per credential.
// An empty access token sends no Authorization header (password, MFA and refresh grants).
$as = static fn (string $credential): JWTApi => new JWTApi($http, (clone $config)->setAccessToken($credential));
$anonymous = $as('');

$password = static fn (string $username, string $secret) => $anonymous->createToken(new PasswordGrant([
    'grant_type' => 'password',
    'client_id' => getenv('NS_CLIENT_ID'),
    'client_secret' => getenv('NS_CLIENT_SECRET'),
    'username' => $username,
    'password' => $secret,
]));

$first = $password(getenv('NS_USERNAME'), getenv('NS_PASSWORD'));
$claims = $as($first->getToken())->readToken();
if ($claims->getSub() !== getenv('NS_USERNAME')) {
    fail('unexpected subject');
}

$pair = $anonymous->createToken(new RefreshGrant(['refresh' => $first->getRefresh()]));
if ($pair->getToken() === $first->getToken() || $pair->getRefresh() === null) {
    fail('the refresh grant did not return a new pair');
}
refused(static fn () => $anonymous->createToken(new RefreshGrant(['refresh' => $first->getRefresh()])), 'a spent refresh JWT');

$pending = $password(getenv('NS_MFA_USERNAME'), getenv('NS_MFA_PASSWORD'));
$pendingClaims = claimsOf($pending->getToken());
if ($pendingClaims['user_scope'] !== 'mfa_required') {
    fail("the MFA user's password grant did not ask for MFA");
}
$mfa = $anonymous->createToken(new MfaGrant([
    'grant_type' => 'mfa',
    'client_id' => getenv('NS_CLIENT_ID'),
    'client_secret' => getenv('NS_CLIENT_SECRET'),
    'username' => getenv('NS_MFA_USERNAME'),
    'password' => getenv('NS_MFA_PASSWORD'),
    'mfa_vendor' => $pendingClaims['mfa_vendor'],
    'mfa_type' => $pendingClaims['mfa_type'],
    'ns_id_type' => 'subscriber',
    'passcode' => getenv('NS_MFA_PASSCODE'),
    'access_token' => $pending->getToken(),
]));
if ($as($mfa->getToken())->readToken()->getUserScope() === 'mfa_required') {
    fail('the MFA grant returned a pre-MFA token');
}

$delegated = $as(getenv('NS_API_KEY'))->createToken(new DelegationGrant([
    'user' => getenv('NS_DELEGATE_USER'),
    'domain' => getenv('NS_DELEGATE_DOMAIN'),
]));

$manager = $as($pair->getToken());
$manager->revokeToken(claimsOf($delegated->getToken())['jti']);
refused(static fn () => $as($delegated->getToken())->readToken(), 'the token revoked by JWT ID');
$manager->revokeToken(getenv('NS_MFA_USERNAME'));
refused(static fn () => $as($mfa->getToken())->readToken(), 'the token revoked by uid');
$manager->revokeCurrentToken();
refused(static fn () => $manager->readToken(), 'the revoked current token');
echo "php: 8 variants ({$claims->getSub()}, {$claims->getUserScope()}): ok\n";
