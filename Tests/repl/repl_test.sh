#!/usr/bin/env bash
# Drives the slm REPL in a real terminal (tmux) the way a user would: editing keys,
# multi-line input, tab completion, Ctrl-C at the prompt and during evaluation, :save,
# then checks the saved notebook with `slm check`.
# Usage: Tests/repl/repl_test.sh PATH/TO/slm    Exit: 0 pass, 1 fail, 77 skipped (no tmux).
set -u
SLM=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 77; }
[ -x "$SLM" ] || { echo "FAIL: no slm binary at $SLM"; exit 1; }

WORK=$(mktemp -d)
SOCKET="slm-repl-test-$$"
T="tmux -L $SOCKET"
cleanup() { $T kill-server 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

failures=0
# The whole terminal (scrollback included) without the blank lines below the cursor.
screen() { $T capture-pane -p -J -t repl -S -1000 | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }
# Expectations look only from the line where the current step began (see `step`).
from=1
step() { from=$(screen | wc -l); [ "$from" -ge 1 ] || from=1; }
# expect TEXT: waits up to 5 s for TEXT to appear since the step began.
expect() {
    for _ in $(seq 50); do
        screen | tail -n "+$from" | grep -qF -- "$1" && { echo "ok: $1"; return 0; }
        sleep 0.1
    done
    echo "FAIL: expected on screen: $1"; echo "----- screen since step -----"; screen | tail -n "+$from"
    echo "------------------"
    failures=$((failures + 1))
}
keys() { $T send-keys -t repl "$@"; sleep 0.15; }

cd "$WORK"
mkdir data && echo 'let loaded = 41 * 3' > data/helper.slm
$T new-session -d -s repl -x 120 -y 50 \
    "env SLM_HISTORY=$WORK/history TERM=xterm-256color NO_COLOR=1 LANG=C LC_ALL=C $SLM; echo EXITED-\$?; sleep 60"
expect ":help for commands"

# Editing: type, move to the line start, insert, delete a typo with backspace.
step; keys 'xs' ; keys C-a ; keys 'len([1, 2, 3]) + len(' ; keys C-e ; keys ')x' BSpace Enter
expect "unknown name 'xs'"
expect 'len([1, 2, 3]) + len(xs)'
step; keys 'let xs = [10, 20, 30]' Enter
keys 'sum(xz' BSpace 's)' Enter
expect '60'

# Multi-line input continues on `...` until the entry is complete.
step; keys 'fn add(a, b) {' Enter
expect '...'
keys '  a + b' Enter '}' Enter
keys 'add(2, 3) * 100' Enter
expect '500'

# History: Up recalls the last entry; Ctrl-R finds an older one by its text.
step; keys Up ; keys BSpace BSpace BSpace '1000' Enter
expect 'add(2, 3) * 1000'
expect '5000'
step; keys C-r ; keys 'sum(' ; keys Enter
expect '60'

# Tab completion: a name, then a record field after `.`, then a command.
step; keys 'let record = {task: "sql", score: 0.5}' Enter
keys 'rec' Tab
keys '.ta' Tab Enter
expect 'record.task'
expect '"sql"'
step; keys ':he' Tab 'len' Enter
expect 'len('

# Ctrl-C at the prompt discards the input; `_` still holds the last value.
step; keys 'add(1, ' ; keys C-c
expect '^C'
keys '_' Enter
expect 'sql'
# ... also in the middle of a multi-line entry: the whole entry goes.
step; keys 'fn broken() {' Enter 'nosuch' Enter ; keys C-c
keys '"fresh"' Enter
expect '"fresh"'
if screen | tail -n "+$from" | grep -q "unknown name 'nosuch'"; then
    echo "FAIL: Ctrl-C did not discard the multi-line entry"; failures=$((failures + 1))
else
    echo "ok: Ctrl-C discards a multi-line entry"
fi

# Ctrl-C during evaluation interrupts it and the session goes on.
step; keys 'var spins = 0' Enter
keys 'while true { spins += 1 }' Enter
sleep 0.5
keys C-c
expect 'interrupted'
step; keys 'add(40, 2)' Enter
expect '42'

# UTF-8 whatever the locale.
step; keys 'upper("héllo wörld 🚀")' Enter
expect 'HÉLLO WÖRLD 🚀'

# Meta commands: unknown, load with path completion, vars.
step; keys ':frobnicate' Enter
expect "unknown command ':frobnicate'"
step; keys ':lo' Tab 'da' Tab ; keys 'h' Tab Enter
expect ':load data/helper.slm'
keys 'loaded' Enter
expect '123'

# :save writes a notebook that `slm check` passes.
step; keys ':save session.slmnb' Enter
expect 'saved'
keys C-d
expect 'EXITED-0'

# NO_COLOR (set above) means no escape sequences at all; without it errors are red and
# the colour of the prompt does not leak into what follows it.
if $T capture-pane -p -e -t repl | grep -q $'\e\\[3'; then
    echo "FAIL: colour despite NO_COLOR"; failures=$((failures + 1)); else echo "ok: NO_COLOR honoured"; fi
$T new-session -d -s colour -x 80 -y 10 "env -u NO_COLOR SLM_HISTORY=$WORK/history3 TERM=xterm-256color $SLM; sleep 60"
for _ in $(seq 50); do $T capture-pane -p -t colour | grep -q ':help' && break; sleep 0.1; done
$T send-keys -t colour 'nosuch' Enter '6 * 7' Enter; sleep 0.5
coloured=$($T capture-pane -p -e -t colour)
if grep -q $'\e\\[31mcell 1:1:1: error' <<<"$coloured" && grep -qx '42' <<<"$coloured"; then
    echo "ok: colours on a terminal"
else
    echo "FAIL: colours"; cat -v <<<"$coloured"; failures=$((failures + 1))
fi

# Two Ctrl-C within a second during an evaluation exit: the way out of a long built-in
# (here a sum over 40 million items) that does not poll the interrupt flag.
$T new-session -d -s stuck -x 80 -y 10 "env SLM_HISTORY=$WORK/history2 $SLM; echo STUCK-EXITED-\$?; sleep 60"
for _ in $(seq 50); do $T capture-pane -p -t stuck | grep -q ':help' && break; sleep 0.1; done
$T send-keys -t stuck 'sum(0..40000000)' Enter; sleep 0.5; $T send-keys -t stuck C-c; sleep 0.05; $T send-keys -t stuck C-c
for _ in $(seq 30); do $T capture-pane -p -t stuck | grep -q STUCK-EXITED-130 && break; sleep 0.1; done
if $T capture-pane -p -t stuck | grep -q STUCK-EXITED-130; then echo "ok: double Ctrl-C exits"; else
    echo "FAIL: double Ctrl-C did not exit"; $T capture-pane -p -t stuck; failures=$((failures + 1)); fi

# Generation streams its tokens and ends with tok/s; Ctrl-C stops it and the session goes
# on (needs the model cache: scripts/setup-models.sh).
gen_shows() {  # gen_shows TEXT SECONDS
    for _ in $(seq $(($2 * 10))); do $T capture-pane -p -J -t gen -S -200 | grep -qF -- "$1" && return 0; sleep 0.1; done
    return 1
}
gen_check() {  # gen_check TEXT SECONDS
    if gen_shows "$1" "$2"; then echo "ok: $1"; else
        echo "FAIL: expected on screen: $1"; $T capture-pane -p -J -t gen -S -200; failures=$((failures + 1)); fi
}
if [ -f "${SLM_MODELS:-$HOME/.cache/slm/models}/SmolLM2-135M-Instruct.Q4_1.gguf" ]; then
    $T new-session -d -s gen -x 120 -y 40 "env SLM_HISTORY=$WORK/history4 NO_COLOR=1 $SLM; sleep 60"
    gen_check ':help' 5
    $T send-keys -t gen 'let m = load_model("smollm2-135m")' Enter
    $T send-keys -t gen 'chat(m, [{role: "system", content: "You are a helpful assistant."}, {role: "user", content: "What is the capital of France?"}])' Enter
    gen_check 'tok/s]' 30
    gen_check '[7 tokens, ' 1
    gen_check '"The capital of France is Paris."' 5
    $T send-keys -t gen 'generate(m, "Once upon a time", max_tokens: 4000)' Enter
    sleep 3; $T send-keys -t gen C-c
    gen_check 'stopped by Ctrl-C]' 10
    gen_check 'interrupted' 5
    $T send-keys -t gen '6 * 7' Enter
    gen_check '42' 5
else
    echo "skip: generation streaming (SmolLM2 is not in the model cache)"
fi

grep -q 'fn add(a, b) {\\n  a + b\\n}' "$WORK/history" && echo "ok: multi-line history entry kept whole" \
    || { echo "FAIL: history lacks the multi-line entry"; cat "$WORK/history"; failures=$((failures + 1)); }
if "$SLM" check "$WORK/session.slmnb"; then
    echo "ok: slm check passes on the saved session"
else
    echo "FAIL: slm check failed on the saved session"; cat "$WORK/session.slmnb"; failures=$((failures + 1))
fi

echo "----- the session as the user saw it -----"; screen; echo "-------------------------------------------"
[ "$failures" -eq 0 ] && { echo "PASS: REPL test"; exit 0; }
echo "FAILED: $failures check(s)"; exit 1
