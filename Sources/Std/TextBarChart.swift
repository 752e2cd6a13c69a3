// A horizontal bar chart in text, for summaries like `store.chart("p95_ms")`.

import Lang

final class TextBarChart: NativeObject {
    let title: String
    let labels: [String]
    let values: [Double]

    init(title: String, labels: [String], values: [Double]) {
        self.title = title
        self.labels = labels
        self.values = values
    }

    var typeName: String { "chart" }

    ///     p95_ms
    ///     researcher       ████████████████████ 5812.3
    ///     table_extractor  ███▍ 988.1
    func display(width: Int) -> String {
        let labelWidth = min(24, labels.map(\.count).max() ?? 0)
        let numbers = values.map { v in
            v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : Display.float((v * 1000).rounded() / 1000)
        }
        let numberWidth = numbers.map(\.count).max() ?? 0
        let barWidth = max(10, width - labelWidth - numberWidth - 3)
        let top = values.max() ?? 0
        let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var lines = [title]
        for (i, label) in labels.enumerated() {
            let cells = top > 0 ? max(0, values[i]) / top * Double(barWidth) : 0
            let full = Int(cells)
            let bar = String(repeating: "█", count: full) + eighths[Int((cells - Double(full)) * 8) % 8]
            let name = label.count > labelWidth ? String(label.prefix(labelWidth - 1)) + "…" : label.padding(labelWidth)
            lines.append("\(name)  \(bar) \(numbers[i])")
        }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
