import Ink

/// What a cell produced, for the HTML page: its text output and the plots it made.
public struct CellDisplay: Equatable {
    public var text: String
    /// Complete `<svg ...>...</svg>` documents, shown inline in order.
    public var svgs: [String]
    public var isError: Bool

    public init(text: String, svgs: [String] = [], isError: Bool = false) {
        self.text = text
        self.svgs = svgs
        self.isError = isError
    }
}

/// Turns a notebook into one self-contained HTML page (no external files, scripts or
/// fonts): Markdown rendered, code highlighted, outputs, and inline SVG plots.
public enum HTMLExport {
    /// - Parameter displays: one per cell, from a fresh run; nil shows the stored outputs.
    public static func page(_ notebook: Notebook, displays: [CellDisplay]? = nil) -> String {
        let title = notebook.frontMatter?.title ?? "slm notebook"
        var body = ""
        var cellIndex = 0
        let markdown = MarkdownParser()
        for block in notebook.blocks {
            switch block {
            case .markdown(let text):
                body += markdown.html(from: text) + "\n"
            case .cell(let cell):
                let display = displays.flatMap { cellIndex < $0.count ? $0[cellIndex] : nil }
                    ?? CellDisplay(text: cell.output ?? "")
                body += "<section class=\"cell\">\n"
                body += "<pre class=\"code\"><code>\(SyntaxHighlighter.html(cell.code))</code></pre>\n"
                let svgs = display.svgs.filter(isSVGDocument)
                if !display.text.isEmpty {
                    let cls = display.isError ? "output error" : "output"
                    let pre = "<pre class=\"\(cls)\">\(HTML.escape(display.text))</pre>\n"
                    // With a picture to show, the value's text form is detail.
                    body += svgs.isEmpty ? pre : "<details><summary>text output</summary>\n\(pre)</details>\n"
                }
                for svg in svgs {
                    body += "<figure class=\"plot\">\(svg)</figure>\n"
                }
                body += "</section>\n"
                cellIndex += 1
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>

            """
    }

    /// Only a whole SVG document is inlined; anything else could break the page.
    static func isSVGDocument(_ text: String) -> Bool {
        let t = text.trimmingSpaces()
        return t.hasPrefix("<svg") && t.hasSuffix("</svg>")
    }

    static let style = """
        body{font:16px/1.5 system-ui,sans-serif;color:#222;background:#fff;margin:0}
        main{max-width:52rem;margin:2rem auto;padding:0 1rem}
        pre{padding:.6rem .8rem;border-radius:4px;overflow-x:auto;font:14px/1.4 ui-monospace,monospace}
        .cell{margin:1rem 0}
        .code{background:#f5f5f7;border-left:3px solid #5b7cfa;margin-bottom:0}
        .output{background:#fff;border:1px solid #e3e3e8;border-top:none;margin-top:0}
        .error{color:#b00020}
        .kw{color:#8250df;font-weight:600}.str{color:#0a7f3f}.num{color:#b35900}
        .com{color:#6e7781;font-style:italic}.fn{color:#0550ae}
        details{margin:.3rem 0;color:#555}summary{cursor:pointer;font-size:14px}
        figure.plot{margin:.5rem 0}figure.plot svg{max-width:100%;height:auto}
        """
}
