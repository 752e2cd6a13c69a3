// `plot(clusters)`: the clustered points projected on their first two principal
// components, as a character scatter (one symbol per cluster, "·" for noise) and as a
// complete SVG document in `.svg` (the notebook's HTML export inlines it).

import Foundation
import Lang
import Pipeline

final class ClusterPlot: NativeObject {
    /// (x, y) per point and its cluster (-1 noise).
    let coordinates: [(x: Float, y: Float)]
    let labels: [Int]
    let names: [String]
    let title: String

    static let symbols = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    /// Tableau-like categorical colors.
    static let colors = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    init(_ c: ClustersObject) {
        let projected = PCA.project(c.outcome.points, components: 2, seed: 0)
        coordinates = (0 ..< c.outcome.points.count).map { (projected[2 * $0], projected[2 * $0 + 1]) }
        labels = c.outcome.labels
        names = c.outcome.clusters.map { $0.terms.prefix(3).joined(separator: " ") }
        title = "\(c.records.count) clusters (\(c.method), \(c.embedding)), PCA"
    }

    var typeName: String { "plot" }

    private var bounds: (minX: Float, maxX: Float, minY: Float, maxY: Float) {
        let xs = coordinates.map(\.x), ys = coordinates.map(\.y)
        var b = (xs.min() ?? 0, xs.max() ?? 1, ys.min() ?? 0, ys.max() ?? 1)
        if b.1 - b.0 < 1e-9 { b.0 -= 1; b.1 += 1 }
        if b.3 - b.2 < 1e-9 { b.2 -= 1; b.3 += 1 }
        return b
    }

    func symbol(_ label: Int) -> Character {
        label < 0 ? "·" : Self.symbols[label % Self.symbols.count]
    }

    func display(width: Int) -> String {
        let columns = max(20, min(width, 100) - 2), rows = max(8, columns / 3)
        var grid = [[Character]](repeating: [Character](repeating: " ", count: columns), count: rows)
        let b = bounds
        // Noise first, so clusters draw over it.
        for i in coordinates.indices.sorted(by: { (labels[$0] >= 0 ? 1 : 0) < (labels[$1] >= 0 ? 1 : 0) }) {
            let c = Int((coordinates[i].x - b.minX) / (b.maxX - b.minX) * Float(columns - 1))
            let r = rows - 1 - Int((coordinates[i].y - b.minY) / (b.maxY - b.minY) * Float(rows - 1))
            grid[r][c] = symbol(labels[i])
        }
        var lines = [title, "┌" + String(repeating: "─", count: columns) + "┐"]
        lines += grid.map { "│" + String($0) + "│" }
        lines.append("└" + String(repeating: "─", count: columns) + "┘")
        lines += names.enumerated().map { "\(symbol($0.offset)) \($0.element)" }
        if labels.contains(where: { $0 < 0 }) { lines.append("· noise") }
        return lines.joined(separator: "\n")
    }

    var memberNames: [String] { ["svg", "x", "y"] }

    func member(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "svg": return .string(svg)
        case "x": return .list(coordinates.map { .float(Double($0.x)) })
        case "y": return .list(coordinates.map { .float(Double($0.y)) })
        default: return nil
        }
    }

    var svg: String {
        let (w, h, margin, legend) = (640.0, 420.0, 20.0, 180.0)
        let b = bounds
        func sx(_ x: Float) -> Double { margin + Double((x - b.minX) / (b.maxX - b.minX)) * (w - legend - 2 * margin) }
        func sy(_ y: Float) -> Double { h - margin - Double((y - b.minY) / (b.maxY - b.minY)) * (h - 2 * margin) }
        func color(_ l: Int) -> String { l < 0 ? "#bbbbbb" : Self.colors[l % Self.colors.count] }
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" font-family=\"sans-serif\" font-size=\"11\">"
        out += "<title>\(escape(title))</title><rect width=\"100%\" height=\"100%\" fill=\"white\"/>"
        for i in coordinates.indices {
            out += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%@\" fill-opacity=\"0.7\"/>",
                          sx(coordinates[i].x), sy(coordinates[i].y), color(labels[i]))
        }
        for (i, name) in names.enumerated() {
            let y = margin + Double(i) * 16
            out += String(format: "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"4\" fill=\"%@\"/>", w - legend + 10, y, color(i))
            out += String(format: "<text x=\"%.0f\" y=\"%.0f\">", w - legend + 20, y + 4) + escape("\(i): \(name)") + "</text>"
        }
        return out + "</svg>"
    }
}
