// OpenSSL's libcrypto (libssl-dev): HMAC-SHA256 for token signatures, RAND_bytes for keys and ids,
// CRYPTO_memcmp for constant-time comparisons.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
