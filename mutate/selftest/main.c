/* main.c - the fixture's program: calc clamp|sum N prints the result. */
#include <stdio.h>
#include <stdlib.h>

#include "calc.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: calc clamp|sum N\n");
        return 2;
    }
    int n = atoi(argv[2]);
    printf("%d\n", argv[1][0] == 'c' ? clamp(n) : sum_to(n));
    return 0;
}
