import Lang

/// How a value carries a picture: a value `v` for which `v.svg` is a string holding a whole
/// SVG document (`<svg ...>...</svg>`). Plots from the standard library are native objects
/// with an `svg` member; code written in slm can return a record with an `svg` field.
/// The notebook stores the value's text form; the HTML export draws the SVG inline.
public enum SVGValue {
    public static func documents(in value: Value, interpreter: Interpreter) -> [String] {
        let candidate: Value?
        switch value {
        case .record(let record):
            candidate = record.keys.firstIndex(of: "svg").map { record.values[$0] }
        case .native(let object):
            candidate = try? object.member("svg", interpreter: interpreter)
        case .list(let list):
            return list.items.flatMap { documents(in: $0, interpreter: interpreter) }
        default:
            candidate = nil
        }
        guard case .string(let text)? = candidate, HTMLExport.isSVGDocument(text) else { return [] }
        return [text]
    }
}
