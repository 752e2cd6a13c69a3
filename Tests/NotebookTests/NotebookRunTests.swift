import Foundation
import Lang
import Notebook
import Std
import XCTest

final class NotebookRunTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func run(_ text: String, params: [FrontMatter.Entry] = [], stopOnError: Bool = false)
        throws -> (Notebook, [CellRun]) {
        let notebook = try Notebook(parsing: text, file: "t.slmnb")
        let runs = NotebookRunner(notebook: notebook, path: "t.slmnb", overrides: params).run(stopOnError: stopOnError)
        return (notebook, runs)
    }

    func testTamperedOutputDrifts() throws {
        let path = Self.repository.appendingPathComponent("notebooks/00-tour.slmnb").path
        var notebook = try Notebook.read(path: path)
        notebook.updateCells { index, cell in
            if index == 1 { cell.setOutput("[3.5, 3, 1000, 0.3]\n") }
        }
        let runs = NotebookRunner(notebook: notebook, path: path).run()
        let drifts = NotebookCheck.drifts(in: notebook, runs: runs, file: "tour.slmnb")
        XCTAssertEqual(drifts.count, 1)
        XCTAssertEqual(drifts.first?.cell, 2)
        XCTAssertEqual(drifts.first?.diff, """
            --- tour.slmnb:\(notebook.cells[1].line) (cell 2, stored)
            +++ tour.slmnb:\(notebook.cells[1].line) (cell 2, replayed)
            @@ -1 +1 @@
            -[3.5, 3, 1000, 0.3]
            +[3.5, 3, 1024, 0.30000000000000004]

            """)
    }

    func testOutputIsPrintsThenShownValue() throws {
        let (_, runs) = try run("```slm\nprint(\"a\")\nprint(\"b\")\n1 + 1\n```\n```slm\nlet x = 1\n```\n```slm\nnil\n```\n")
        XCTAssertEqual(runs.map(\.output), ["a\nb\n2\n", "", ""])
        XCTAssertEqual(runs.map(\.failed), [false, false, false])
    }

    func testRaisingCellStoresErrorAndTheRunGoesOn() throws {
        let text = "```slm\nprint(\"before\")\n[1][5]\n```\n```slm\n\"after\"\n```\n"
        let (_, runs) = try run(text)
        XCTAssertEqual(runs.count, 2)
        XCTAssertEqual(runs[0].failure, .runtime)
        XCTAssertEqual(runs[0].output, """
            before
            cell 1:2:4: error: index 5 out of range for length 1
                [1][5]
                   ^

            """)
        XCTAssertEqual(runs[1].output, "\"after\"\n")
        let (_, stopped) = try run(text, stopOnError: true)
        XCTAssertEqual(stopped.count, 1)
        let (_, syntax) = try run("```slm\n1 +\n```\n")
        XCTAssertEqual(syntax[0].failure, .compile)
    }

    func testSeedMakesReplaysIdentical() throws {
        let cells = "```slm\n[random(), random_int(1, 100), shuffle([1, 2, 3, 4, 5, 6])]\n```\n"
        let a = try run("---\nseed: 7\n---\n" + cells).1
        let b = try run("---\nseed: 7\n---\n" + cells).1
        let c = try run("---\nseed: 8\n---\n" + cells).1
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testParamsFromFrontMatterAndOverrides() throws {
        let text = "---\nparams:\n  n: 3\n  label: \"quick\"\n---\n```slm\n\"{params.label}: {params.n * 2}\"\n```\n```slm\nparams\n```\n"
        XCTAssertEqual(try run(text).1[0].output, "\"quick: 6\"\n")
        let overridden = try run(text, params: [.init(key: "n", value: Scalar(plain: "50")),
                                                .init(key: "extra", value: Scalar(plain: "true"))]).1
        XCTAssertEqual(overridden[0].output, "\"quick: 100\"\n")
        XCTAssertEqual(overridden[1].output, "{n: 50, label: \"quick\", extra: true}\n")
        XCTAssertEqual(try run("```slm\nparams\n```\n").1[0].output, "{}\n")
    }

    func testWindowsLineEndingsRunAndCheck() throws {
        let (notebook, runs) = try run("```slm\r\nlet a = 2\r\na * 21\r\n```\r\n\r\n```output\r\n42\r\n```\r\n")
        XCTAssertEqual(notebook.cells[0].code, "let a = 2\na * 21")
        XCTAssertEqual(NotebookCheck.drifts(in: notebook, runs: runs, file: "t"), [])

        let bare = try Notebook(parsing: "```slm\r\n6 * 7\r\n```\r\ntext\r\n")
        let updated = NotebookCheck.updated(bare, runs: NotebookRunner(notebook: bare, path: "t").run())
        XCTAssertEqual(updated.text, "```slm\r\n6 * 7\r\n```\r\n\n```output\n42\n```\ntext\r\n")
        XCTAssertEqual(try Notebook(parsing: updated.text).cells.map(\.output), ["42\n"])
    }

    func testVolatileCellsAreNotCompared() throws {
        let text = "```slm volatile\n1\n```\n\n```output\nwhatever\n```\n```slm\n2\n```\n\n```output\n3\n```\n"
        let (notebook, runs) = try run(text)
        let drifts = NotebookCheck.drifts(in: notebook, runs: runs, file: "t")
        XCTAssertEqual(drifts.map(\.cell), [2])
    }

    func testUpdateThenCheckPassesAndKeepsMarkdown() throws {
        let text = "# Title\n\n```slm\nlet a = 6\na * 7\n```\n\nprose\n\n```slm\nprint(\"x\")\n```\n\n```output\nstale\n```\n\nend\n"
        let (notebook, runs) = try run(text)
        let updated = NotebookCheck.updated(notebook, runs: runs)
        XCTAssertEqual(updated.text, "# Title\n\n```slm\nlet a = 6\na * 7\n```\n\n```output\n42\n```\n\nprose\n\n```slm\nprint(\"x\")\n```\n\n```output\nx\n```\n\nend\n")
        let again = try Notebook(parsing: updated.text)
        let replay = NotebookRunner(notebook: again, path: "t.slmnb").run()
        XCTAssertEqual(NotebookCheck.drifts(in: again, runs: replay, file: "t"), [])
    }

    func testValuesCarrySVG() throws {
        let svg = "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'></svg>"
        let (_, runs) = try run("```slm\n{title: \"p\", svg: \"\(svg)\"}\n```\n```slm\n{svg: \"not svg\"}\n```\n```slm\n[{svg: \"\(svg)\"}, {svg: \"\(svg)\"}]\n```\n")
        XCTAssertEqual(runs.map(\.svgs), [[svg], [], [svg, svg]])
    }

    func testImportSearchesTheNotebookFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("imp-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "fn twice(x) { 2 * x }\n".write(to: dir.appendingPathComponent("helpers.slm"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("n.slmnb").path
        let notebook = try Notebook(parsing: "```slm\nimport \"helpers\"\nhelpers.twice(21)\n```\n")
        XCTAssertEqual(NotebookRunner(notebook: notebook, path: path).run().map(\.output), ["42\n"])
    }
}
