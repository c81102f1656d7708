/* picostream plan: the pieces a recording splits into, one line each, for job arrays. */
#include <stdio.h>
#include <stdlib.h>

#include "analysis_args.h"
#include "cli.h"
#include "options.h"

int cmd_plan(int argc, char **argv)
{
    uint64_t pieces = 0, piece_bytes = 0;
    const struct cli_opt opts[] = {
        {"pieces", 0, OPT_COUNT, &pieces, 1, 1e9, "N", "pieces per recording"},
        {"piece-size", 0, OPT_SIZE, &piece_bytes, 1, (double)(UINT64_MAX / 2), "BYTES",
         "pieces of about this much data (default 1G)"},
    };
    const struct cli_cmd cmd = {
        "plan", "NAME…", CLI_ARGS_SOME,
        "Prints one line per piece, NAME FROM TO (samples, TO exclusive), for a Slurm job\n"
        "array or GNU parallel: each task runs a command with --from FROM --to TO --partial\n"
        "OUT, and picostream merge combines the OUTs of one recording.",
        "picostream plan run1 run2 --pieces 8", 0, opts, sizeof opts / sizeof *opts};
    struct common_args a = {0};
    int first, p = cli_parse(&cmd, &a, argc, argv, &first);
    if (p != 0)
        return p > 0 ? EXIT_OK : EXIT_USAGE;
    if (pieces && piece_bytes) {
        cli_error("plan", "give --pieces or --piece-size, not both");
        return EXIT_USAGE;
    }
    for (int i = first; i < argc; i++) {
        ps_reader *r = args_open(&a, argv[i]);
        if (!r)
            return EXIT_FAIL;
        uint64_t frames = ps_reader_frames(r), n = pieces;
        if (!n) {
            const ps_sigmf_meta *m = ps_reader_meta(r);
            uint64_t bytes = frames * m->n_channels * ps_sigmf_sample_bytes(m->datatype);
            uint64_t size = piece_bytes ? piece_bytes : 1ull << 30;
            n = (bytes + size - 1) / size;
            n = n ? n : 1;
        }
        n = n < frames ? n : frames;
        for (uint64_t k = 0; k < n; k++) {
            ps_span s = ps_plan_piece(frames, n, k);
            printf("%s %llu %llu\n", argv[i], (unsigned long long)s.from,
                   (unsigned long long)s.to);
        }
        ps_reader_close(r);
    }
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}
