import Pipeline
import XCTest

final class JSONTests: XCTestCase {
    func testParsesAllValueKindsAndKeepsMemberOrder() throws {
        let v = try JSONValue.parse(#" {"z": 1, "a": [true, false, null, -2.5e3, "x\ty"], "m": {"k": 0}} "#)
        XCTAssertEqual(v.objectValue?.map(\.key), ["z", "a", "m"])
        XCTAssertEqual(v["z"], .int(1))
        XCTAssertEqual(v["a"]?[3], .double(-2500))
        XCTAssertEqual(v["a"]?[4]?.stringValue, "x\ty")
        XCTAssertEqual(v["m"]?["k"]?.intValue, 0)
    }

    func testEscapesAndSurrogatePairsRoundTrip() throws {
        let v = try JSONValue.parse(#""quote \" slash \\ \u00e9 \ud83d\ude00 \n""#)
        XCTAssertEqual(v.stringValue, "quote \" slash \\ é 😀 \n")
        XCTAssertEqual(try JSONValue.parse(v.jsonText), v)
        let control = JSONValue.string("a\u{01}b")
        XCTAssertEqual(control.jsonText, #""a\u0001b""#)
    }

    func testSerializationIsCompactAndReparses() throws {
        let v = JSONValue.object(["a": .array([.int(1), .double(0.5), .null]), "b": .string("ü")])
        XCTAssertEqual(v.jsonText, #"{"a":[1,0.5,null],"b":"ü"}"#)
        XCTAssertEqual(try JSONValue.parse(v.jsonText), v)
    }

    func testErrorsNameTheColumn() {
        let cases: [(String, String, Int)] = [
            (#"{"a": }"#, "expected a value", 7),
            (#"{"a": 1"#, "end of input", 8),
            (#"[1, 2] x"#, "after the JSON value", 8),
            (#""abc"#, "unterminated string", 5),
            (#"{"a" 1}"#, "expected ':'", 6),
            (#"tru"#, "expected 'true'", 1),
            (#""\ud800""#, "surrogate", 8),
        ]
        for (text, fragment, column) in cases {
            XCTAssertThrowsError(try JSONValue.parse(text), text) { error in
                let e = error as? JSONParseError
                XCTAssertTrue(e?.message.contains(fragment) ?? false, "\(text): \(String(describing: e))")
                XCTAssertEqual(e.map { $0.offset + 1 }, column, text)
            }
        }
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        XCTAssertThrowsError(try JSONValue.parse(deep))
    }
}
