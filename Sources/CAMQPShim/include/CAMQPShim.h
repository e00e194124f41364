#ifndef CAMQPSHIM_H
#define CAMQPSHIM_H
#include <amqp.h>
/// amqp_login with PLAIN credentials; the library's own entry point is variadic.
amqp_rpc_reply_t nova_amqp_login_plain(amqp_connection_state_t state, const char *vhost,
                                       int channel_max, int frame_max, int heartbeat,
                                       const char *user, const char *password);
#endif
