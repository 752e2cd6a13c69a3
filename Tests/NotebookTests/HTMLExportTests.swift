import Notebook
import XCTest

final class HTMLExportTests: XCTestCase {
    let source = """
        ---
        title: "Tour <1>"
        ---
        # Hello *world*

        ```slm
        let s = "a < b" # note
        square(3)
        ```

        ```output
        <not html> & 9
        ```

        ```slm
        plot()
        ```

        """

    func testPageIsSelfContainedAndEscaped() throws {
        let nb = try Notebook(parsing: source)
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"5\" height=\"5\"/></svg>"
        let html = HTMLExport.page(nb, displays: [CellDisplay(text: "<not html> & 9\n"),
                                                   CellDisplay(text: "oops\n", svgs: [svg, "<script>x</script>"], isError: true)])
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("<title>Tour &lt;1&gt;</title>"))
        XCTAssertTrue(html.contains("<h1>Hello <em>world</em></h1>"))
        XCTAssertTrue(html.contains("<span class=\"kw\">let</span> s = <span class=\"str\">&quot;a &lt; b&quot;</span> <span class=\"com\"># note</span>"))
        XCTAssertTrue(html.contains("<span class=\"fn\">square</span>(<span class=\"num\">3</span>)"))
        XCTAssertTrue(html.contains("<pre class=\"output\">&lt;not html&gt; &amp; 9\n</pre>"))
        XCTAssertTrue(html.contains("<details><summary>text output</summary>\n<pre class=\"output error\">oops\n</pre>\n</details>"))
        XCTAssertTrue(html.contains("<figure class=\"plot\">\(svg)</figure>"))
        XCTAssertFalse(html.contains("<script>"), "only SVG documents are inlined")
        XCTAssertFalse(html.contains("src="), "no external resources")
        XCTAssertFalse(html.contains("href=\"http"), "no external resources")
    }

    func testStoredOutputsAreUsedWithoutARun() throws {
        let html = HTMLExport.page(try Notebook(parsing: source))
        XCTAssertTrue(html.contains("&lt;not html&gt; &amp; 9"))
        XCTAssertEqual(html.components(separatedBy: "<section class=\"cell\">").count, 3)
    }

    func testHighlighterKeepsEveryCharacter() {
        let codes = [
            "let x = [1, 2.5e3] |> map(y => y * 2) # ok\n\"unterminated {x} \\\" é🚀\nfn f(a) { a }",
            "\"a {b + \"c\"} d\" # 🚀 # twice\n\tif x { 1 } else { nil }",
            "$ ` \u{7} ¿ 1..=3 ** @", "", "#", "\"",
        ]
        for code in codes {
            XCTAssertEqual(SyntaxHighlighter.tokens(code).map(\.text).joined(), code)
        }
        let kinds = SyntaxHighlighter.tokens("let s = f(\"x\") # c").filter { $0.kind != .plain }
        XCTAssertEqual(kinds.map(\.kind), [.keyword, .call, .string, .comment])
    }
}
