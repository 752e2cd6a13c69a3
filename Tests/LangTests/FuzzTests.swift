// Generated-corpus fuzzing: mutations of the language test programs, random token soup
// and random bytes go through the lexer, parser, resolver and (when they compile) the
// evaluator. Any crash or hang fails the whole test process. The count is printed;
// SLM_FUZZ_INPUTS raises it (the default keeps the suite fast).

import Foundation
import Lang
import Std
import XCTest

final class FuzzTests: XCTestCase {
    static let tokens = [
        "let ", "var ", "fn ", "if ", "else ", "for ", " in ", "while ", "break", "continue", "return ",
        "try ", "catch e ", "import ", "and ", "or ", "not ", "true", "false", "nil", "(", ")", "[", "]",
        "{", "}", ",", ".", ":", ";", "\n", "=", "+=", "+", "-", "*", "/", "//", "%", "**", "@", "==",
        "!=", "<", "<=", ">", ">=", "=>", "|>", "..", "..=", "x", "y", "f", "0", "1", "-1", "2.5",
        "9223372036854775807", "\"s\"", "\"{x}\"", "\"", "{x}", "\\", "#", "len", "print", "map",
        "sort", "é", "\u{0}", "🙂",
    ]

    func testMutatedProgramsNeverCrash() throws {
        let count = ProcessInfo.processInfo.environment["SLM_FUZZ_INPUTS"].flatMap(Int.init) ?? 3000
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("lang")
        let corpus = (FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".slm") }.sorted()
            .compactMap { try? String(contentsOfFile: root.appendingPathComponent($0).path, encoding: .utf8) }
        XCTAssertFalse(corpus.isEmpty)
        var rng = RandomSource(seed: 2026)
        let interp = Interpreter(builtins: StandardLibrary.builtins(files: false))
        interp.output = { _ in }
        interp.maxCallDepth = 2000
        var ran = 0, compiled = 0
        for i in 0..<count {
            let source = Self.input(i, corpus: corpus, rng: &rng)
            let file = SourceFile(name: "fuzz", text: source)
            if interp.check(file: file).isEmpty {
                compiled += 1
                // Stop runaway loops: the watchdog raises the interrupt flag after 50 ms.
                let watchdog = DispatchWorkItem { Interrupt.flag.pointee = 1 }
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50), execute: watchdog)
                _ = try? interp.evaluate(source, name: "fuzz")
                watchdog.cancel()
                Interrupt.flag.pointee = 0
            }
            ran += 1
        }
        print("Fuzz: \(ran) inputs, \(compiled) compiled and ran, no crash.")
        XCTAssertEqual(ran, count)
    }

    static func input(_ i: Int, corpus: [String], rng: inout RandomSource) -> String {
        switch i % 4 {
        case 0, 1:
            // Byte-level mutations of a real program.
            var bytes = Array(corpus[Int.random(in: 0..<corpus.count, using: &rng)].utf8)
            for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(contentsOf: Array(tokens.randomElement(using: &rng)!.utf8), at: at)
                case 2: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                default: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...40, using: &rng)))
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        case 2:
            return (0..<Int.random(in: 1...60, using: &rng)).map { _ in tokens.randomElement(using: &rng)! }.joined()
        default:
            let n = Int.random(in: 0...200, using: &rng)
            return String(decoding: (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }, as: UTF8.self)
        }
    }

    func testPathologicalInputs() {
        let interp = Interpreter(builtins: StandardLibrary.builtins(files: false))
        let inputs = [
            String(repeating: "(", count: 100_000),
            String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
            String(repeating: "{", count: 100_000),
            String(repeating: "-", count: 100_000) + "1",
            String(repeating: "not ", count: 50_000) + "true",
            "\"" + String(repeating: "{", count: 50_000),
            "let x = " + String(repeating: "9", count: 10_000),
            String(repeating: "x => ", count: 50_000) + "1",
            String(repeating: "if true { ", count: 50_000),
            String(repeating: "\"{", count: 20_000),
        ]
        for source in inputs {
            let diagnostics = interp.check(file: SourceFile(name: "p", text: source))
            XCTAssertFalse(diagnostics.isEmpty, String(source.prefix(20)))
        }
    }
}
