"""Where the public packet corpus is, for the tests that use it.

The corpus (tcpdump and Zeek test traces, OAI PMIPv6 captures) is not part
of this repository: part of it is GPL-2.0, so it stays outside and is used
only when present.  Looked up, first hit wins:

    $MCOA_CORPUS                  a directory holding tcpdump/, zeek/, oai-pmipv6/
    SOURCE_DIR/../shared/corpus   beside the checkout, as in this project's CI

A test part that needs it calls skip_without_corpus(): when there is no
corpus it prints why and exits with SKIP (77), which ctest reports as
"Skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt), never as a failure.
"""
import os
import sys

SKIP = 77


def corpus_dir(source_dir):
    """The corpus directory, or None when there is none."""
    env = os.environ.get("MCOA_CORPUS")
    if env:
        return env if os.path.isdir(env) else None
    d = os.path.normpath(os.path.join(source_dir, "..", "shared", "corpus"))
    return d if os.path.isdir(d) else None


def skip_without_corpus(source_dir):
    """The corpus directory; exits with SKIP when there is none."""
    d = corpus_dir(source_dir)
    if d is None:
        where = os.environ.get("MCOA_CORPUS") or os.path.normpath(os.path.join(source_dir, "..", "shared", "corpus"))
        print(f"SKIP: no packet corpus at {where} (set MCOA_CORPUS to a directory holding "
              "tcpdump/, zeek/ and oai-pmipv6/ captures; it is not shipped, part of it is GPL-2.0)")
        sys.exit(SKIP)
    print(f"corpus: {d}")
    return d


def wants_corpus(argv):
    """True when the test was started for its corpus part (--corpus)."""
    return "--corpus" in argv[3:]
