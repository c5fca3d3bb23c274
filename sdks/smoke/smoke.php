<?php
// Smoke test of the generated PHP client against the mock: password login → claims → revoke → refused.
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
use NsApiJwt\Model\PasswordGrant;

$config = (new Configuration())->setHost(getenv('NS_BASE_URL'));
$api = new JWTApi(new GuzzleHttp\Client(), $config);

$pair = $api->createToken(new PasswordGrant([
    'grant_type' => 'password',
    'client_id' => getenv('NS_CLIENT_ID'),
    'client_secret' => getenv('NS_CLIENT_SECRET'),
    'username' => getenv('NS_USERNAME'),
    'password' => getenv('NS_PASSWORD'),
]));
$config->setAccessToken($pair->getToken());

$claims = $api->readToken();
if ($claims->getSub() !== getenv('NS_USERNAME')) {
    fwrite(STDERR, "unexpected subject\n");
    exit(1);
}
$api->revokeCurrentToken();
try {
    $api->readToken();
    fwrite(STDERR, "the revoked token was accepted\n");
    exit(1);
} catch (ApiException $e) {
    if ($e->getCode() !== 401) {
        fwrite(STDERR, "expected 401, got {$e->getCode()}\n");
        exit(1);
    }
}
echo "php: login, claims ({$claims->getSub()}, {$claims->getUserScope()}), revoke, refused: ok\n";
