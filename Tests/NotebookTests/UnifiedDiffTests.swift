import Notebook
import XCTest

final class UnifiedDiffTests: XCTestCase {
    func testEqualTextsHaveNoDiff() {
        XCTAssertNil(UnifiedDiff.make(old: "a\nb\n", new: "a\nb\n", oldLabel: "a", newLabel: "b"))
    }

    func testKnownDiffMatchesGNUDiff() {
        // Expected text produced by `diff -u --label stored --label actual`.
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n"
        let new = "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\neleven\n"
        XCTAssertEqual(UnifiedDiff.make(old: old, new: new, oldLabel: "stored", newLabel: "actual"), """
            --- stored
            +++ actual
            @@ -1,6 +1,6 @@
             1
             2
            -3
            +three
             4
             5
             6
            @@ -8,3 +8,4 @@
             8
             9
             10
            +eleven

            """)
        XCTAssertEqual(UnifiedDiff.make(old: "", new: "a\n", oldLabel: "x", newLabel: "y"),
                       "--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n")
        XCTAssertEqual(UnifiedDiff.make(old: "a\n", new: "a", oldLabel: "x", newLabel: "y"),
                       "--- x\n+++ y\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n")
    }

    /// Random texts: applying the hunks to the old text gives the new one, and the number of
    /// changed lines is minimal (equals n + m - 2·LCS).
    func testRandomDiffsApplyAndAreMinimal() throws {
        var rng = SplitMix(seed: 7)
        for _ in 0..<300 {
            let a = (0..<Int(rng.next() % 12)).map { _ in "l\(rng.next() % 4)" }
            let b = (0..<Int(rng.next() % 12)).map { _ in "l\(rng.next() % 4)" }
            let old = a.map { $0 + "\n" }.joined(), new = b.map { $0 + "\n" }.joined()
            guard let diff = UnifiedDiff.make(old: old, new: new, oldLabel: "o", newLabel: "n",
                                              context: Int(rng.next() % 4)) else {
                XCTAssertEqual(a, b)
                continue
            }
            XCTAssertEqual(try apply(diff, to: a), b, diff)
            let changed = diff.split(separator: "\n").dropFirst(2)
                .filter { $0.hasPrefix("+") || $0.hasPrefix("-") }.count
            XCTAssertEqual(changed, a.count + b.count - 2 * lcs(a, b), diff)
        }
    }

    private func apply(_ diff: String, to old: [String]) throws -> [String] {
        var result: [String] = []
        var cursor = 0
        var lines = diff.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2)
        while let header = lines.popFirst(), header.hasPrefix("@@") {
            let oldPart = header.split(separator: " ")[1].dropFirst()
            let fields = oldPart.split(separator: ",").map { Int($0)! }
            let count = fields.count > 1 ? fields[1] : 1
            let start = count == 0 ? fields[0] : fields[0] - 1
            result += old[cursor..<start]
            cursor = start
            while let line = lines.first, !line.hasPrefix("@@"), !line.isEmpty {
                lines.removeFirst()
                let text = String(line.dropFirst())
                switch line.first {
                case " ": XCTAssertEqual(old[cursor], text); result.append(text); cursor += 1
                case "-": XCTAssertEqual(old[cursor], text); cursor += 1
                case "+": result.append(text)
                default: XCTFail("bad line \(line)")
                }
            }
        }
        return result + old[cursor...]
    }

    private func lcs(_ a: [String], _ b: [String]) -> Int {
        var t = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                t[i][j] = a[i] == b[j] ? t[i + 1][j + 1] + 1 : max(t[i + 1][j], t[i][j + 1])
            }
        }
        return t[0][0]
    }
}

/// A tiny seeded generator so the random cases are the same every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
