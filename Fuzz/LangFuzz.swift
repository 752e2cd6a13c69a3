// libFuzzer entry point for the language front end and evaluator. Built outside
// SwiftPM by Fuzz/run.sh (which compiles Lang's sources with -sanitize=fuzzer,address).

import Lang

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let interpreter = Interpreter()
    interpreter.output = { _ in }
    interpreter.maxCallDepth = 500
    let file = SourceFile(name: "fuzz", text: source)
    // Only programs without loops run: with no built-ins and no loops every run ends.
    if interpreter.check(file: file).isEmpty, !source.contains("while"), !source.contains("for") {
        _ = try? interpreter.evaluate(file: file)
    }
    return 0
}
