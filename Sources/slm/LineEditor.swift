import CEdit
import Foundation
import Notebook
import Synchronization

/// Set by the SIGINT handler, polled by the REPL (and, through the session, the evaluator).
/// An atomic is the one kind of shared state a signal handler may safely touch.
let interruptRequested = Atomic<Bool>(false)

private func handleSIGINT(_: Int32) {
    interruptRequested.store(true, ordering: .relaxed)
}

/// Installs the Ctrl-C handler: from now on Ctrl-C sets `interruptRequested` instead of
/// killing the process, and wakes up a blocking read.
func installInterruptHandler() {
    interruptRequested.store(false, ordering: .relaxed)
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
        interruptRequested.store(false, ordering: .relaxed)
        let shown = usesColor ? "\u{1}\u{1B}[1;36m\u{2}\(prompt)\u{1}\u{1B}[0m\u{2}" : prompt
        guard let raw = readline(shown) else {
            // readline() returns NULL both for Ctrl-D and when Ctrl-C interrupted its read.
            if interruptRequested.exchange(false, ordering: .relaxed) {
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
        case red = "31", dim = "2", cyan = "36"
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
    return slm_completion_matches(text, completionEntry)
}

private func completionEntry(_ text: UnsafePointer<CChar>, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    let index = Int(state)
    guard index >= 0, index < pendingMatches.count else { return nil }
    return strdup(pendingMatches[index])
}
