#include <sqlite3.h>

// sqlite3_config is variadic, which Swift cannot call; wrappers for the options slm sets.

// Memory statistics take a global mutex on every allocation; slm never reads them.
static inline int slm_sqlite3_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
