/* main.c - the fixture's program: calc clamp|sum|positive|step N prints the result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calc.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: calc clamp|sum|positive|step N\n");
        return 2;
    }
    int n = atoi(argv[2]);
    printf("%d\n", !strcmp(argv[1], "clamp") ? clamp(n) :
           !strcmp(argv[1], "sum") ? sum_to(n) : !strcmp(argv[1], "step") ? step(n) : positive(n));
    return 0;
}
