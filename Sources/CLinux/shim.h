// Linux interfaces Glibc's Swift module leaves out. No _GNU_SOURCE here:
// it changes fd_set and then clashes with Dispatch's module.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <signal.h>
int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
