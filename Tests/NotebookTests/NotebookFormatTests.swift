import Notebook
import XCTest

final class NotebookFormatTests: XCTestCase {
    /// Shapes a notebook may take; each must be written back byte for byte.
    static let shapes: [String] = [
        "",
        "# only markdown\n",
        "no final newline",
        "---\ntitle: \"Step 1: log\"\nseed: 42\n---\n# Step 1\n\n```slm\nlet x = 1\nx\n```\n\n```output\n1\n```\n",
        "```slm\n```\n",
        "```slm\n\n```\n",
        "```slm\n1\n```",
        "```slm\n1\n```\n```output\n1\n```",
        "```slm\n1\n```\n\n\n\n```output\n1\n```\ntext right after\n",
        "```slm volatile\ntime()\n```\n\n```output\n0.1 s\n```\n",
        "```slm   volatile  \nx\n```   \n\n````output\n```\nnested\n```\n````\n",
        "````slm\nlet s = \"```\"\n````\n",
        "# Markdown with other code\n\n```python\nprint(1)\n```\n\n~~~\n```slm\nnot a cell\n~~~\n",
        "````markdown\n```slm\n1\n```\n\n```output\n1\n```\n````\n",
        "windows\r\n```slm\r\n1\r\n```\r\n\r\n```output\r\n1\r\n```\r\n",
        "---\n# comment\ntitle: plain title # trailing\nauthor: 'O''Brien'\nparams:\n  n: 10\n  rate: 0.5\n  name: \"smol\"\n  on: true\n\nseed: 7\n---\n",
        "```slm\na\n```\n```slm\nb\n```\n\n```output\nb\n```\n```slm\nc\n```\n",
        "    ```slm\n    indented code is markdown\n",
        "Unicode: héllo → 世界 🚀\n```slm\n\"🚀\"\n```\n\n```output\n🚀\n```\n",
    ]

    func testRoundTripGivesSameBytes() throws {
        for shape in Self.shapes {
            let notebook = try Notebook(parsing: shape, file: "shape.slmnb")
            XCTAssertEqual(notebook.text, shape, "round trip changed:\n\(shape)")
            XCTAssertEqual(Array(notebook.text.utf8), Array(shape.utf8))
        }
    }

    func testCellsAndOutputsAreFound() throws {
        let nb = try Notebook(parsing: Self.shapes[3], file: "a.slmnb")
        XCTAssertEqual(nb.frontMatter?.title, "Step 1: log")
        XCTAssertEqual(nb.frontMatter?.seed, 42)
        XCTAssertEqual(nb.cells.count, 1)
        XCTAssertEqual(nb.cells[0].code, "let x = 1\nx")
        XCTAssertEqual(nb.cells[0].output, "1\n")
        XCTAssertEqual(nb.cells[0].line, 7)
        XCTAssertEqual(nb.cells[0].outputLine, 13)

        let nested = try Notebook(parsing: Self.shapes[10])
        XCTAssertEqual(nested.cells[0].attributes, ["volatile"])
        XCTAssertTrue(nested.cells[0].isVolatile)
        XCTAssertEqual(nested.cells[0].output, "```\nnested\n```\n")

        // Cells inside other code blocks are Markdown, not cells.
        XCTAssertEqual(try Notebook(parsing: Self.shapes[12]).cells.count, 0)
        XCTAssertEqual(try Notebook(parsing: Self.shapes[13]).cells.count, 0)
        XCTAssertEqual(try Notebook(parsing: Self.shapes[17]).cells.count, 0)

        let three = try Notebook(parsing: Self.shapes[16])
        XCTAssertEqual(three.cells.map(\.code), ["a", "b", "c"])
        XCTAssertEqual(three.cells.map(\.output), [nil, "b\n", nil])
        XCTAssertEqual(try Notebook(parsing: Self.shapes[4]).cells[0].code, "")
        let windows = try Notebook(parsing: Self.shapes[14])
        XCTAssertEqual(windows.cells.map(\.code), ["1"])
        XCTAssertEqual(windows.cells.map(\.output), ["1\n"])
    }

    func testFrontMatterValues() throws {
        let fm = try XCTUnwrap(try Notebook(parsing: Self.shapes[15]).frontMatter)
        XCTAssertEqual(fm.title, "plain title")
        XCTAssertEqual(fm.seed, 7)
        XCTAssertEqual(fm.params, [
            .init(key: "n", value: .int(10)), .init(key: "rate", value: .float(0.5)),
            .init(key: "name", value: .string("smol")), .init(key: "on", value: .bool(true)),
        ])
        XCTAssertEqual(fm.other, [.init(key: "author", value: .string("O'Brien"))])
        let merged = fm.params(overriding: [.init(key: "n", value: Scalar(plain: "1000")),
                                            .init(key: "extra", value: Scalar(plain: "x"))])
        XCTAssertEqual(merged.map(\.key), ["n", "rate", "name", "on", "extra"])
        XCTAssertEqual(merged[0].value, .int(1000))
        XCTAssertEqual(merged[4].value, .string("x"))
    }

    func testBuiltFrontMatterParsesBack() throws {
        let fm = FrontMatter(title: "A \"quoted\" title\\", seed: 3,
                             params: [.init(key: "k", value: .string("v: w"))])
        let nb = Notebook(frontMatter: fm, heading: "# Saved", cells: [Cell(code: "1", output: "1")])
        let back = try Notebook(parsing: nb.text)
        XCTAssertEqual(back.text, nb.text)
        XCTAssertEqual(back.frontMatter?.title, "A \"quoted\" title\\")
        XCTAssertEqual(back.frontMatter?.params.first?.value, .string("v: w"))
        XCTAssertEqual(back.cells.map(\.output), ["1\n"])
    }

    func testFencesAdaptSoOutputCannotBreakTheFile() throws {
        let nasty = "```\n````output\n`````\nend"
        var cell = Cell(code: "print(\"````\")\n\"```\"")
        cell.setOutput(nasty)
        let nb = Notebook(frontMatter: nil, cells: [cell, Cell(code: "2", output: "2\n")])
        let back = try Notebook(parsing: nb.text)
        XCTAssertEqual(back.cells.count, 2)
        XCTAssertEqual(back.cells[0].code, "print(\"````\")\n\"```\"")
        XCTAssertEqual(back.cells[0].output, nasty + "\n")
        XCTAssertEqual(back.cells[1].output, "2\n")
        XCTAssertTrue(nb.text.contains("``````output\n"))
    }

    func testUpdatingOutputsKeepsLayoutAndRemovesEmptyOutputs() throws {
        var nb = try Notebook(parsing: Self.shapes[8])
        nb.updateCells { _, cell in cell.setOutput("1\n") }
        XCTAssertEqual(nb.text, Self.shapes[8], "same output must change no byte")
        nb.updateCells { _, cell in cell.setOutput("2") }
        XCTAssertEqual(nb.text, "```slm\n1\n```\n\n\n\n```output\n2\n```\ntext right after\n")
        nb.updateCells { _, cell in cell.setOutput(nil) }
        XCTAssertEqual(nb.text, "```slm\n1\n```\ntext right after\n")

        var atEnd = try Notebook(parsing: "```slm\n1\n```")
        atEnd.updateCells { _, cell in cell.setOutput("1\n") }
        XCTAssertEqual(atEnd.text, "```slm\n1\n```\n\n```output\n1\n```\n")
        XCTAssertEqual(try Notebook(parsing: atEnd.text).cells[0].output, "1\n")
    }

    func testMalformedFilesNameFileAndLine() {
        let cases: [(String, Int, String)] = [
            ("# t\n\n```slm\nlet x = 1\n", 3, "unclosed slm cell"),
            ("```slm\n1\n```\n\n```output\n1\n", 5, "unclosed output block"),
            ("text\n\n```output\n1\n```\n", 3, "must follow an slm cell"),
            ("```slm\n1\n```\n\ntext\n```output\n1\n```\n", 6, "must follow an slm cell"),
            ("---\ntitle: x\n", 1, "front matter is not closed"),
            ("---\ntitle: x\nseed: -1\n---\n", 3, "seed must be a non-negative integer"),
            ("---\nseed: many\n---\n", 2, "seed must be"),
            ("---\njust words\n---\n", 2, "expected 'key: value'"),
            ("---\n  n: 1\n---\n", 2, "unexpected indentation"),
            ("---\ntitle: \"open\n---\n", 2, "unterminated string"),
            ("---\ntitle: a\ntitle: b\n---\n", 3, "duplicate key 'title'"),
            ("---\nparams: {n: 1}\n---\n", 2, "one per line"),
            ("```slm volatle\n1\n```\n", 1, "unknown cell attribute 'volatle'"),
            ("```python\nprint(1)\n", 1, "unclosed code block"),
        ]
        for (text, line, message) in cases {
            XCTAssertThrowsError(try Notebook(parsing: text, file: "bad.slmnb"), text) { error in
                guard let e = error as? NotebookError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.file, "bad.slmnb")
                XCTAssertEqual(e.line, line, "\(text) -> \(e)")
                XCTAssertTrue(e.message.contains(message), "\(e.message) lacks \(message)")
                XCTAssertTrue(e.description.hasPrefix("bad.slmnb:\(line): error: "))
            }
        }
    }

    func testAtomicWriteAndRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nb-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("a.slmnb").path
        let nb = try Notebook(parsing: Self.shapes[3])
        try nb.write(to: path)
        XCTAssertEqual(try Notebook.read(path: path), nb)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["a.slmnb"])
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        try nb.write(to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o640, "rewriting keeps the file's permissions")
        XCTAssertThrowsError(try Notebook.read(path: dir.appendingPathComponent("missing.slmnb").path)) {
            XCTAssertTrue(String(describing: $0).contains("missing.slmnb"))
        }
    }
}

final class NotebookFuzzTests: XCTestCase {
    /// Random mixes of fence-like and ordinary lines: parsing either fails with a
    /// NotebookError whose line exists, or gives back the same bytes.
    func testRandomTextsRoundTripOrFailCleanly() {
        let fragments = ["```slm", "```", "````", "```output", "~~~", "```slm volatile", "---",
                         "title: x", "seed: 1", "  n: 2", "text", "", "   ```", "```python",
                         "``` output", "````slm", "```slm bogus", "params:", "\r"]
        var rng = SplitMix(seed: 11)
        var parsed = 0
        for _ in 0..<3000 {
            let count = Int(rng.next() % 12)
            var text = (0..<count).map { _ in fragments[Int(rng.next() % UInt64(fragments.count))] }
                .joined(separator: "\n")
            if rng.next() % 2 == 0 { text += "\n" }
            do {
                let nb = try Notebook(parsing: text, file: "fuzz")
                XCTAssertEqual(nb.text, text)
                parsed += 1
            } catch let error as NotebookError {
                XCTAssertGreaterThanOrEqual(error.line, 1)
                XCTAssertLessThanOrEqual(error.line, max(1, count))
            } catch {
                XCTFail("unexpected error \(error)")
            }
        }
        XCTAssertGreaterThan(parsed, 300, "the generator should also make valid notebooks")
    }
}
