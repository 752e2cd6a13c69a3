// At an interactive REPL, `generate` and `chat` stream their text as it comes (dimmed, since
// the returned string is shown after it) and end with the token count and speed.

import Foundation
import Std

final class GenerationPrinter: GenerationObserver {
    private let editor: LineEditor

    init(editor: LineEditor) { self.editor = editor }

    func generated(_ text: String) {
        FileHandle.standardOutput.write(Data(editor.paint(text, .dim).utf8))
    }

    func finished(tokens: Int, seconds: Double, cancelled: Bool) {
        let speed = seconds > 0 ? String(format: "%.1f", Double(tokens) / seconds) : "-"
        let summary = "[\(tokens) token\(tokens == 1 ? "" : "s"), \(speed) tok/s\(cancelled ? ", stopped by Ctrl-C" : "")]"
        FileHandle.standardOutput.write(Data(("\n" + editor.paint(summary, .dim) + "\n").utf8))
    }
}
