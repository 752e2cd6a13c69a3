// Streaming of generated text: the interactive REPL shows tokens as they come and the
// speed at the end. Notebooks and scripts set no observer and only get the result.

import Foundation

public protocol GenerationObserver: AnyObject {
    /// Text completed by the latest token (never half a UTF-8 character). Text that a
    /// stop string cuts off later may already have been shown.
    func generated(_ text: String)
    /// Generation ended after `tokens` new tokens in `seconds` (prompt processing
    /// included); `cancelled` when Ctrl-C stopped it.
    func finished(tokens: Int, seconds: Double, cancelled: Bool)
}

public enum GenerationStream {
    /// Receives every `generate`/`chat` as it runs; set by the REPL on a terminal.
    nonisolated(unsafe) public static var observer: GenerationObserver?
}
