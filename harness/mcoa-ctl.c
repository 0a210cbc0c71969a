/*
 * mcoa-ctl - talk to a reference node's control socket.
 *     mcoa-ctl SOCKET state          the node's state as JSON
 *     mcoa-ctl SOCKET COMMAND ...    an action (see each node's "help")
 */
#include <stdio.h>
#include <string.h>
#include "io.h"

int main(int argc, char **argv)
{
    if (argc < 3 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fprintf(argc < 3 ? stderr : stdout, "usage: mcoa-ctl SOCKET COMMAND [ARG...]\n");
        return argc < 3 ? 2 : 0;
    }
    char cmd[1000] = "";
    for (int i = 2; i < argc; i++) {
        if (strlen(cmd) + strlen(argv[i]) + 2 > sizeof cmd) {
            fprintf(stderr, "mcoa-ctl: command too long\n");
            return 2;
        }
        if (i > 2)
            strcat(cmd, " ");
        strcat(cmd, argv[i]);
    }
    mc_err e = {0};
    if (mc_ctl_request(argv[1], cmd, stdout, &e) < 0) {
        fprintf(stderr, "mcoa-ctl: %s\n", e.msg);
        return 2;
    }
    return 0;
}
