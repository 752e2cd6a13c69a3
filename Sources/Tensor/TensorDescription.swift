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
        var shown: [Float] = []
        Self.forEachShown(indices, prefix: []) { shown.append(c.element($0)) }
        let format = NumberFormat(shown)
        if rank == 0 { return format.string(c.base.pointee) }
        return render(c, indices, prefix: [], format: format, indent: 1)
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

    private func render(_ c: Tensor, _ indices: [[Int?]], prefix: [Int], format: NumberFormat, indent: Int) -> String {
        let axis = prefix.count
        if axis == rank - 1 {
            let items = indices[axis].map { i in i.map { format.string(c.element(prefix + [$0])) } ?? "..." }
            return "[" + items.joined(separator: ", ") + "]"
        }
        let separator = "," + String(repeating: "\n", count: rank - axis - 1) + String(repeating: " ", count: indent)
        let parts = indices[axis].map { i in
            i.map { render(c, indices, prefix: prefix + [$0], format: format, indent: indent + 1) } ?? "..."
        }
        return "[" + parts.joined(separator: separator) + "]"
    }
}

/// One number format for every element shown, as numpy does: up to 4 decimals with the
/// decimal points aligned ("1.5", "3. "), or scientific notation for all when any value
/// is very large or very small.
struct NumberFormat {
    private let scientific: Bool
    private let integerWidth: Int, fractionWidth: Int

    init(_ values: [Float]) {
        let finite = values.filter { $0.isFinite }
        scientific = finite.contains { $0 != 0 && (Swift.abs($0) >= 1e6 || Swift.abs($0) < 1e-4) }
        var integerWidth = 1, fractionWidth = 0
        for x in values where x.isFinite {
            let (whole, fraction) = Self.parts(x, scientific)
            integerWidth = Swift.max(integerWidth, whole.count)
            fractionWidth = Swift.max(fractionWidth, fraction.count)
        }
        (self.integerWidth, self.fractionWidth) = (integerWidth, fractionWidth)
    }

    func string(_ x: Float) -> String {
        let (whole, fraction) = Self.parts(x, scientific)
        if !x.isFinite {
            return String(repeating: " ", count: Swift.max(0, integerWidth + 1 + fractionWidth - whole.count)) + whole
        }
        return String(repeating: " ", count: integerWidth - whole.count) + whole + "."
            + fraction + String(repeating: " ", count: fractionWidth - fraction.count)
    }

    /// The text before and after the decimal point ("nan"/"inf" have no point).
    private static func parts(_ x: Float, _ scientific: Bool) -> (String, String) {
        if x.isNaN { return ("nan", "") }
        if x.isInfinite { return (x > 0 ? "inf" : "-inf", "") }
        var s = String(format: scientific ? "%.4e" : "%.4f", Double(x))
        if !scientific { while s.hasSuffix("0") { s.removeLast() } }
        if s == "-0." { s = "0." }
        let point = s.firstIndex(of: ".")!
        return (String(s[..<point]), String(s[s.index(after: point)...]))
    }
}
