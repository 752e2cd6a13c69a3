// libedit's readline compatibility layer. Never <readline/readline.h>: that is GNU readline.
// Swift cannot call variadic C functions nor fill `struct sigaction` comfortably, so each
// use goes through a small fixed-signature inline function here.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <locale.h>
#include <langinfo.h>
#include <editline/readline.h>

typedef char *_Nullable (*slm_completion_entry)(const char *_Nonnull text, int state);
typedef char *_Nullable *_Nullable (*slm_attempted_completion)(const char *_Nonnull text, int start, int end);

/// Installs `handler` for SIGINT without SA_RESTART, so a blocking read() (and with it
/// readline()) returns early when Ctrl-C is pressed. Returns 0 on success.
static inline int slm_install_sigint(void (*_Nonnull handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(SIGINT, &action, NULL);
}

/// Makes the locale's character type UTF-8: libedit drops non-ASCII bytes under "C".
/// Returns 1 when the codeset is UTF-8 afterwards.
static inline int slm_use_utf8_locale(void) {
    setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    if (codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0)) return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) setlocale(LC_CTYPE, "C.utf8");
    codeset = nl_langinfo(CODESET);
    return codeset && strcmp(codeset, "UTF-8") == 0;
}

/// Sets up libedit's readline layer: our completion, our word breaks, and no signal
/// handling of its own (ours sets a flag that the REPL and the evaluator poll).
static inline void slm_editline_setup(const char *_Nonnull name, const char *_Nonnull word_breaks,
                                      slm_attempted_completion _Nonnull completion) {
    rl_readline_name = name;
    rl_catch_signals = 0;
    rl_initialize();
    rl_completer_word_break_characters = (char *)word_breaks;
    rl_attempted_completion_function = (rl_completion_func_t *)completion;
}

/// The matches for `text` from `entry`; tells libedit not to fall back to file names.
/// `append` is typed after a unique match ('\0' for nothing).
static inline char *_Nullable *_Nullable slm_completion_matches(const char *_Nonnull text,
                                                               slm_completion_entry _Nonnull entry,
                                                               char append) {
    rl_attempted_completion_over = 1;
    rl_completion_append_character = append;
    return rl_completion_matches(text, (rl_compentry_func_t *)entry);
}

/// The whole line being edited and the cursor position in it (bytes).
static inline const char *_Nullable slm_line_buffer(void) { return rl_line_buffer; }
static inline int slm_cursor(void) { return rl_point; }
