/// Line diffs in the unified format (`diff -u`), computed with Myers' O((N+M)·D) algorithm
/// ("An O(ND) Difference Algorithm and Its Variations", 1986).
public enum UnifiedDiff {
    /// One step of an edit script; every step knows where it is in both texts.
    struct Edit: Equatable {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var old: Int   // index of the line in old (for an insertion: the old line it precedes)
        var new: Int   // index of the line in new (for a deletion: the new line it precedes)
    }

    /// The shortest edit script turning `a` into `b`, in order.
    static func edits<T: Equatable>(_ a: [T], _ b: [T]) -> [Edit] {
        let n = a.count, m = b.count
        let max = n + m
        if max == 0 { return [] }
        // v[k + max] = furthest x on diagonal k; one snapshot per D for the walk back.
        var v = [Int](repeating: 0, count: 2 * max + 2)
        var trace: [[Int]] = []
        search: for d in 0...max {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[k - 1 + max] < v[k + 1 + max]) {
                    x = v[k + 1 + max]          // step down: insertion
                } else {
                    x = v[k - 1 + max] + 1      // step right: deletion
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[k + max] = x
                if x >= n, y >= m { break search }
            }
        }

        var result: [Edit] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let prevK = (k == -d || (k != d && v[k - 1 + max] < v[k + 1 + max])) ? k + 1 : k - 1
            let prevX = d == 0 ? 0 : v[prevK + max]
            let prevY = prevX - prevK
            while x > prevX, y > prevY {
                x -= 1
                y -= 1
                result.append(Edit(kind: .same, old: x, new: y))
            }
            if d > 0 {
                if x == prevX {
                    result.append(Edit(kind: .insert, old: prevX, new: prevY))
                } else {
                    result.append(Edit(kind: .delete, old: prevX, new: prevY))
                }
            }
            x = prevX
            y = prevY
        }
        return result.reversed()
    }

    /// The unified diff from `old` to `new`, or nil when they are equal.
    /// - Parameter context: unchanged lines shown around each change.
    public static func make(old: String, new: String, oldLabel: String, newLabel: String,
                            context: Int = 3) -> String? {
        if old == new { return nil }
        let a = splitLines(old), b = splitLines(new)
        let script = edits(a, b)
        var out = "--- \(oldLabel)\n+++ \(newLabel)\n"

        // Group edits into hunks: changes closer than 2·context lines share a hunk.
        let changes = script.indices.filter { script[$0].kind != .same }
        var groupStart = 0
        while groupStart < changes.count {
            var groupEnd = groupStart
            while groupEnd + 1 < changes.count, changes[groupEnd + 1] - changes[groupEnd] <= 2 * context + 1 {
                groupEnd += 1
            }
            let lo = Swift.max(0, changes[groupStart] - context)
            let hi = Swift.min(script.count - 1, changes[groupEnd] + context)
            out += hunk(script[lo...hi], a, b)
            groupStart = groupEnd + 1
        }
        return out
    }

    private static func hunk(_ edits: ArraySlice<Edit>, _ a: [Line], _ b: [Line]) -> String {
        var oldCount = 0, newCount = 0
        var body = ""
        func emit(_ prefix: String, _ line: Line) {
            body += prefix + line.text + "\n"
            if !line.terminated { body += "\\ No newline at end of file\n" }
        }
        for edit in edits {
            switch edit.kind {
            case .same:
                oldCount += 1; newCount += 1
                emit(" ", a[edit.old])
            case .delete:
                oldCount += 1
                emit("-", a[edit.old])
            case .insert:
                newCount += 1
                emit("+", b[edit.new])
            }
        }
        guard let first = edits.first else { return "" }
        // An empty side is numbered by the line before it (diff -u's convention).
        let oldFirst = oldCount == 0 ? first.old : first.old + 1
        let newFirst = newCount == 0 ? first.new : first.new + 1
        return "@@ -\(range(oldFirst, oldCount)) +\(range(newFirst, newCount)) @@\n" + body
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }

    struct Line: Equatable {
        var text: String
        var terminated: Bool
    }

    static func splitLines(_ s: String) -> [Line] {
        s.linesKeepingTerminators.map {
            Line(text: $0.droppingFinalLineBreak, terminated: $0.endsWithLineBreak)
        }
    }
}
