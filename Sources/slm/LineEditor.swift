import CEdit
import Foundation
import Lang
import Notebook
import Synchronization

/// True while the REPL evaluates an entry: a second Ctrl-C within a second then exits,
/// for a built-in that does not poll the interrupt flag.
let evaluating = Atomic<Bool>(false)
private let lastInterrupt = Atomic<UInt64>(0)

/// Only async-signal-safe work here: atomics, the flag word, clock_gettime and _exit.
private func handleSIGINT(_: Int32) {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    let nanoseconds = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    let previous = lastInterrupt.exchange(nanoseconds, ordering: .relaxed)
    if evaluating.load(ordering: .relaxed) {
        if previous != 0, nanoseconds - previous < 1_000_000_000 { _exit(130) }
        // The terminal echoed ^C; end its line before the "interrupted" report.
        _ = write(STDOUT_FILENO, "\n", 1)
    }
    Interrupt.flag.pointee = 1
}

/// Installs the Ctrl-C handler: from now on Ctrl-C sets the interpreter's interrupt flag
/// (which the evaluator polls) instead of killing the process, and wakes up a blocking read.
func installInterruptHandler() {
    // Globals are created on first use: create these now, never inside the handler.
    Interrupt.flag.pointee = 0
    evaluating.store(false, ordering: .relaxed)
    lastInterrupt.store(0, ordering: .relaxed)
    _ = slm_install_sigint(handleSIGINT)
}

/// Reads the user's input: libedit with history, Ctrl-R search and tab completion on a
/// terminal; plain lines with no prompt when stdin is a pipe or a file.
final class LineEditor {
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C at the prompt: the caller discards what was typed.
        case interrupted
        /// Ctrl-D on an empty line, or the end of piped input.
        case end
    }

    let isInteractive: Bool
    /// Colours only on a terminal, and never when NO_COLOR is set (no-color.org).
    let usesColor: Bool
    private(set) var history: History

    init(historyPath: String?, completer: Completer?) {
        isInteractive = isatty(STDIN_FILENO) == 1
        let env = ProcessInfo.processInfo.environment
        usesColor = isInteractive && isatty(STDOUT_FILENO) == 1
            && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
        history = History(path: isInteractive ? historyPath : nil)
        guard isInteractive else { return }
        _ = slm_use_utf8_locale()
        activeCompleter = completer
        slm_editline_setup("slm", Completer.wordBreaks, attemptCompletion)
        for entry in history.entries { add_history(entry) }
    }

    /// Reads one line. `prompt` is shown only on a terminal.
    func read(prompt: String) -> Input {
        guard isInteractive else {
            guard let line = Swift.readLine(strippingNewline: true) else { return .end }
            return .line(line)
        }
        Interrupt.flag.pointee = 0
        rl_resize_terminal()  // libedit's own SIGWINCH handling is off with its signals
        // libedit drops an escape sequence at the very end of a prompt, so the colour
        // reset goes before the prompt's trailing space.
        let body = prompt.hasSuffix(" ") ? String(prompt.dropLast()) : prompt
        let tail = prompt.hasSuffix(" ") ? " " : ""
        let shown = usesColor ? "\u{1}\u{1B}[1;36m\u{2}\(body)\u{1}\u{1B}[0m\u{2}\(tail)" : prompt
        guard let raw = readline(shown) else {
            // readline() returns NULL both for Ctrl-D and when Ctrl-C interrupted its read.
            if Interrupt.flag.pointee != 0 {
                Interrupt.flag.pointee = 0
                print("^C")
                return .interrupted
            }
            return .end
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    /// Adds a complete entry (possibly several lines) to the history, skipping repeats.
    func remember(_ entry: String) {
        guard isInteractive, history.add(entry) else { return }
        add_history(entry)
    }

    /// `text` in the given ANSI colour when colours are on.
    func paint(_ text: String, _ color: ANSIColor) -> String {
        usesColor ? "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m" : text
    }

    enum ANSIColor: String {
        case red = "31", dim = "2"
    }
}

// libedit calls back into plain C functions, which cannot capture context: the completer
// and its latest matches live in globals touched only on the REPL's thread.
nonisolated(unsafe) private var activeCompleter: Completer?
nonisolated(unsafe) private var pendingMatches: [String] = []

private func attemptCompletion(
    _ text: UnsafePointer<CChar>, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    guard let completer = activeCompleter else { return nil }
    let line = slm_line_buffer().map { String(cString: $0) } ?? ""
    // libedit counts `start` in characters, while the buffer is UTF-8 bytes.
    let before = String(String.UnicodeScalarView(line.unicodeScalars.prefix(Int(max(0, start)))))
    pendingMatches = completer.complete(word: String(cString: text), before: before)
    // A completed command is followed by its argument: type the space for it.
    let isCommand = !pendingMatches.isEmpty && pendingMatches.allSatisfy { $0.hasPrefix(":") }
    return slm_completion_matches(text, completionEntry, isCommand ? 32 : 0)
}

private func completionEntry(_ text: UnsafePointer<CChar>, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    let index = Int(state)
    guard index >= 0, index < pendingMatches.count else { return nil }
    return strdup(pendingMatches[index])
}
