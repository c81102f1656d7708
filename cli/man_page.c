/* Man pages from the option tables: `picostream CMD --man` prints CMD's page, the build writes
 * every page with `picostream --man-pages DIR` (main.c), so they never drift from --help. */
#include <stdio.h>
#include <string.h>

#include "options.h"

/* Text for roff: a leading dot or quote escaped, backslashes and dashes as roff wants them. */
static void roff(const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i]; i++) {
        if (s[i] == '\n') {
            fputs("\n", stdout);
            if (s[i + 1] == '.' || s[i + 1] == '\'')
                fputs("\\&", stdout);
        } else if (s[i] == '\\') {
            fputs("\\e", stdout);
        } else if (s[i] == '-') {
            fputs("\\-", stdout);
        } else {
            putchar(s[i]);
        }
    }
}

static void text(const char *s)
{
    if (s[0] == '.' || s[0] == '\'')
        fputs("\\&", stdout);
    roff(s, strlen(s));
}

static void item(void *arg, const char *names, const char *value, const char *help)
{
    (void)arg;
    fputs(".TP\n\\fB", stdout);
    text(names);
    fputs("\\fR", stdout);
    if (value) {
        fputs(" \\fI", stdout);
        text(value);
        fputs("\\fR", stdout);
    }
    fputc('\n', stdout);
    for (const char *h = help; *h; h++) /* help lines join into one paragraph */
        if (*h == '\n')
            putchar(' ');
        else if (*h == '-')
            fputs("\\-", stdout);
        else if (*h == '\\')
            fputs("\\e", stdout);
        else
            putchar(*h);
    fputc('\n', stdout);
}

void cli_print_man(const struct cli_cmd *c)
{
    printf(".TH PICOSTREAM\\-%s 1 \"\" \"picostream %s\" \"picostream manual\"\n", c->name,
           PICOSTREAM_VERSION);
    printf(".SH NAME\npicostream\\-%s \\- ", c->name);
    const char *stop = strstr(c->about, ". "), *nl = strchr(c->about, '\n');
    size_t first = strlen(c->about); /* the first sentence or line, whichever ends first */
    if (stop && (size_t)(stop - c->about) < first)
        first = (size_t)(stop - c->about);
    if (nl && (size_t)(nl - c->about) < first)
        first = (size_t)(nl - c->about);
    roff(c->about, first);
    printf("\n.SH SYNOPSIS\n\\fBpicostream %s\\fR ", c->name);
    text(c->args);
    printf(" [\\fIoptions\\fR]\n.SH DESCRIPTION\n");
    text(c->about);
    printf("\n.SH OPTIONS\n");
    cli_each_option(c, item, NULL);
    if (c->example) {
        printf(".SH EXAMPLE\n.nf\n");
        text(c->example);
        printf("\n.fi\n");
    }
    printf(".SH EXIT STATUS\n0 done, 1 a runtime failure, 2 bad usage or a refusal, 3 samples "
           "lost under \\-\\-lossless, 130 interrupted.\n.SH SEE ALSO\n\\fBpicostream\\fR(1)\n");
}
