import Foundation

/// numpy-like printing: nested brackets, aligned columns, and "..." in place of the middle
/// of long axes once the tensor has more than `summaryThreshold` elements.
extension Tensor: CustomStringConvertible {
    static let summaryThreshold = 1000
    static let edgeItems = 3

    public var description: String {
        let c = contiguous()
        let summarize = count > Self.summaryThreshold
        let indices = (0..<rank).map { axis in Self.shownIndices(shape[axis], summarize) }
        // Width of the widest number shown, so that columns line up.
        var width = 1
        Self.forEachShown(indices, prefix: []) { index in
            width = Swift.max(width, Self.format(c.element(index)).count)
        }
        if rank == 0 { return Self.format(c.base.pointee) }
        return render(c, indices, prefix: [], width: width, indent: 1)
    }

    private func element(_ index: [Int]) -> Float {
        var p = offset
        for (axis, i) in index.enumerated() { p += i * strides[axis] }
        return storage.pointer[p]
    }

    /// Indices of an axis to print; nil marks the elided middle.
    private static func shownIndices(_ extent: Int, _ summarize: Bool) -> [Int?] {
        guard summarize && extent > 2 * edgeItems else { return Array(0..<extent) }
        return Array(0..<edgeItems) + [nil] + Array((extent - edgeItems)..<extent)
    }

    private static func forEachShown(_ indices: [[Int?]], prefix: [Int], _ body: ([Int]) -> Void) {
        if prefix.count == indices.count { body(prefix); return }
        for i in indices[prefix.count] { if let i { forEachShown(indices, prefix: prefix + [i], body) } }
    }

    private func render(_ c: Tensor, _ indices: [[Int?]], prefix: [Int], width: Int, indent: Int) -> String {
        let axis = prefix.count
        if axis == rank - 1 {
            let items = indices[axis].map { i in
                i.map { String(repeating: " ", count: width - Self.format(c.element(prefix + [$0])).count) + Self.format(c.element(prefix + [$0])) } ?? "..."
            }
            return "[" + items.joined(separator: ", ") + "]"
        }
        let separator = "," + String(repeating: "\n", count: rank - axis - 1) + String(repeating: " ", count: indent)
        let parts = indices[axis].map { i in
            i.map { render(c, indices, prefix: prefix + [$0], width: width, indent: indent + 1) } ?? "..."
        }
        return "[" + parts.joined(separator: separator) + "]"
    }

    /// Up to 4 decimals, trailing zeros dropped (1.0 prints as "1.", as numpy does).
    static func format(_ x: Float) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x != 0 && (Swift.abs(x) >= 1e6 || Swift.abs(x) < 1e-4) { return String(format: "%.4e", Double(x)) }
        var s = String(format: "%.4f", Double(x))
        while s.hasSuffix("0") { s.removeLast() }
        return s == "-0." ? "0." : s
    }
}
