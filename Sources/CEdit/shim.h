// libedit's readline compatibility layer. Never <readline/readline.h>: that is GNU readline.
#include <stdio.h>
#include <editline/readline.h>
