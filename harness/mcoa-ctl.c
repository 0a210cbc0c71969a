/*
 * mcoa-ctl - talk to a reference node's control socket.
 *     mcoa-ctl SOCKET state          the node's state as JSON
 *     mcoa-ctl SOCKET COMMAND ...    an action (see each node's "help")
 * Exit status: 0 done, 1 the node refused the command, 2 no answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io.h"

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "--version")) {
        printf("mcoa-ctl (mcoa-conform) %s\n", MCOA_VERSION);
        return 0;
    }
    int help = argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"));
    if (argc < 3 || help) {
        fprintf(help ? stdout : stderr, "usage: mcoa-ctl SOCKET COMMAND [ARG...]\n"
                                        "       mcoa-ctl --help | --version\n"
                                        "SOCKET is a reference node's control socket; COMMAND is state, help, or\n"
                                        "an action the node lists under help.\n");
        return help ? 0 : 2;
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
    char *reply = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&reply, &len);
    if (!m || mc_ctl_request(argv[1], cmd, m, &e) < 0) {
        if (m)
            fclose(m);
        free(reply);
        fprintf(stderr, "mcoa-ctl: %s\n", m ? e.msg : "out of memory");
        return 2;
    }
    fclose(m);
    fwrite(reply, 1, len, stdout);
    /* the node refused the command ({"error":...}): a failed action, as the
     * external-IUT contract has it (harness/IUT.md) */
    int refused = reply && !strncmp(reply, "{\"error\"", strlen("{\"error\""));
    free(reply);
    return refused ? 1 : 0;
}
