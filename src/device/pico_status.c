/* Names of PICO_STATUS codes, for messages. */
#include "pico_abi.h"

const char *pico_status_name(pico_status s)
{
    switch (s) {
#define PICO_STATUS_NAME_(name, value)                                                             \
    case value: return #name;
        PICO_STATUS_LIST(PICO_STATUS_NAME_)
#undef PICO_STATUS_NAME_
    }
    return "PICO_STATUS_UNKNOWN";
}
