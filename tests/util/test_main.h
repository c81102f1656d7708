/* cmocka includes in the order it needs them. */
#ifndef PICOSTREAM_TEST_MAIN_H
#define PICOSTREAM_TEST_MAIN_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#endif
