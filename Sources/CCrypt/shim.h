// libxcrypt (libcrypt-dev): sha512-crypt password hashes (and verification of any scheme it knows).
#include <crypt.h>
