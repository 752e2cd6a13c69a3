import Pipeline
import XCTest

final class CurationAnonymizerTests: XCTestCase {
    let text = "Mail ann@x.io, then bob@y.org, then ann@x.io again; call +44 20 7946 0958."

    func testPlaceholdersAreConsistentWithinASession() {
        let a = Anonymizer()
        XCTAssertEqual(a.anonymize(text), "Mail <EMAIL_1>, then <EMAIL_2>, then <EMAIL_1> again; call <PHONE_1>.")
        XCTAssertEqual(a.counts[.email], 3)
        XCTAssertEqual(a.counts[.phone], 1)
    }

    func testMaskHashRedact() {
        XCTAssertEqual(Anonymizer(mode: .mask).anonymize("call +44 20 7946 0958."), "call +** ** **** ****.")
        let h1 = Anonymizer(mode: .hash(salt: "s1")).anonymize("a ann@x.io b ann@x.io")
        let h2 = Anonymizer(mode: .hash(salt: "s2")).anonymize("a ann@x.io b ann@x.io")
        XCTAssertTrue(h1.hasPrefix("a <EMAIL_"), h1)
        let parts = h1.split(separator: " ")
        XCTAssertEqual(parts[1], parts[3], "same value, same hash")
        XCTAssertNotEqual(h1, h2, "the salt changes the hash")
        XCTAssertEqual(Anonymizer(mode: .hash(salt: "s1")).anonymize("a ann@x.io b ann@x.io"), h1, "stable across anonymizers")
        XCTAssertEqual(Anonymizer(mode: .redact).anonymize("mail ann@x.io."), "mail .")
        XCTAssertNil(AnonymizationMode(name: "hash", salt: nil))
        XCTAssertNil(AnonymizationMode(name: "scramble", salt: nil))
    }

    func testEntitySelection() {
        XCTAssertEqual(Anonymizer(entities: [.phone]).anonymize(text), "Mail ann@x.io, then bob@y.org, then ann@x.io again; call <PHONE_1>.")
    }

    func testCallKeepsPlaceholdersAndJSONValid() throws {
        let call = LoggedCall(
            timestamp: "2025-03-03T08:00:00.000Z",
            messages: .array([
                .object(["role": .string("system"), "content": .string("You write SQL.")]),
                .object(["role": .string("user"), "content": .string("Orders of \"ann@x.io\" and bob@y.org?")]),
            ]),
            output: "Looking up ann@x.io.",
            toolCalls: [ToolCall(id: "c1", name: "run", arguments: #"{"query": "SELECT * FROM c WHERE email = 'ann@x.io'", "note": "a\"b ann@x.io"}"#)],
            metadata: .object(["by": .string("bob@y.org")]))
        let a = Anonymizer()
        let out = a.anonymize(call: call)
        XCTAssertEqual(out.prompt, "Orders of \"<EMAIL_1>\" and <EMAIL_2>?")
        XCTAssertEqual(out.output, "Looking up <EMAIL_1>.")
        let args = try JSONValue.parse(out.toolCalls[0].arguments)
        XCTAssertEqual(args["query"]?.stringValue, "SELECT * FROM c WHERE email = '<EMAIL_1>'")
        XCTAssertEqual(args["note"]?.stringValue, "a\"b <EMAIL_1>")
        XCTAssertEqual(out.metadata?["by"]?.stringValue, "<EMAIL_2>")
        XCTAssertEqual(a.counts[.email], 6)
        // A new call starts numbering again.
        XCTAssertEqual(a.anonymize(call: call).output, "Looking up <EMAIL_1>.")
    }

    func testTextWithoutFindingsIsUnchanged() {
        let json = #"{ "a" : 1 }"#
        XCTAssertEqual(Anonymizer().anonymize(json), json)
    }
}
