#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on stderr, drawn only when stderr is a terminal and at most
/// ten times a second, so piped output and logs stay clean.
final class ProgressBar {
    private let label: String
    private let total: Int
    private let enabled: Bool
    private var lastDraw: Double = 0
    private var drawn = false

    init(label: String, total: Int, enabled: Bool = true) {
        self.label = label
        self.total = max(total, 1)
        self.enabled = enabled && isatty(STDERR_FILENO) != 0
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    func update(done: Int, items: Int) {
        guard enabled else { return }
        let t = Self.now()
        guard t - lastDraw >= 0.1 else { return }
        lastDraw = t
        draw(done: done, items: items)
    }

    private func draw(done: Int, items: Int) {
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = "\r\(label) \(bar) \(Int(fraction * 100))% \(items) calls"
        fputs(line, stderr)
        drawn = true
    }

    func finish(items: Int) {
        guard enabled else { return }
        draw(done: total, items: items)
        if drawn { fputs("\n", stderr) }
    }
}
