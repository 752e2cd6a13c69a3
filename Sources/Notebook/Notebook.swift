import Foundation

/// A `.slmnb` notebook: optional front matter, then Markdown interleaved with code cells.
/// See DESIGN.md ("Notebooks") for the format.
public struct Notebook: Equatable {
    public enum Block: Equatable {
        /// Markdown text exactly as read, line terminators included.
        case markdown(String)
        case cell(Cell)
    }

    public var frontMatter: FrontMatter?
    public var blocks: [Block]

    public init(frontMatter: FrontMatter? = nil, blocks: [Block] = []) {
        self.frontMatter = frontMatter
        self.blocks = blocks
    }

    /// A notebook of `cells` separated by blank lines, after an optional Markdown heading.
    public init(frontMatter: FrontMatter?, heading: String? = nil, cells: [Cell]) {
        self.frontMatter = frontMatter
        var blocks: [Block] = []
        if let heading {
            blocks.append(.markdown((frontMatter == nil ? "" : "\n") + heading + "\n"))
        }
        for cell in cells {
            if !blocks.isEmpty || frontMatter != nil { blocks.append(.markdown("\n")) }
            blocks.append(.cell(cell))
        }
        self.blocks = blocks
    }

    /// The code cells in order.
    public var cells: [Cell] {
        blocks.compactMap { if case .cell(let c) = $0 { return c } else { return nil } }
    }

    /// Calls `body` on every cell in order, letting it change the cell (e.g. its output).
    public mutating func updateCells(_ body: (Int, inout Cell) throws -> Void) rethrows {
        var index = 0
        for i in blocks.indices {
            guard case .cell(var cell) = blocks[i] else { continue }
            try body(index, &cell)
            blocks[i] = .cell(cell)
            index += 1
        }
    }

    /// The notebook as text; for a notebook read and not changed, the bytes read.
    public var text: String {
        var out = frontMatter?.raw ?? ""
        for block in blocks {
            switch block {
            case .markdown(let md): out += md
            case .cell(let cell): out += cell.text
            }
        }
        return out
    }

    /// Reads and parses the notebook at `path`.
    public static func read(path: String) throws -> Notebook {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NotebookError(file: path, line: 0, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NotebookError(file: path, line: 0, message: "the file is not valid UTF-8")
        }
        return try NotebookParser(text: text, file: path).parse()
    }

    /// Parses notebook text; `file` names it in error messages.
    public init(parsing text: String, file: String = "<notebook>") throws {
        self = try NotebookParser(text: text, file: file).parse()
    }

    /// Writes the notebook atomically: a temporary file in the same folder, then a rename,
    /// so a reader never sees half a notebook and a crash never leaves one.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(text.utf8).write(to: temp)
            // The replacement keeps the original's permissions.
            if let mode = try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] {
                try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temp.path)
            }
            guard rename(temp.path, url.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temp)
                throw NotebookError(file: path, line: 0, message: "cannot replace the file: \(reason)")
            }
        } catch let error as NotebookError {
            throw error
        } catch {
            throw NotebookError(file: path, line: 0, message: "cannot write: \(error.localizedDescription)")
        }
    }
}
