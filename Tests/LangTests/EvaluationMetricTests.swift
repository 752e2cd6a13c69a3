import Std
import XCTest

/// The scoring rules of evaluate(): exact match, JSON validity and tool calls.
final class EvaluationMetricTests: XCTestCase {
    func testExactMatchIgnoresSurroundingWhitespaceOnly() {
        XCTAssertTrue(ModelEvaluation.score(.exact, predicted: " orders\n", expected: "orders"))
        XCTAssertFalse(ModelEvaluation.score(.exact, predicted: "Orders", expected: "orders"))
    }

    func testJSONValidity() {
        XCTAssertTrue(ModelEvaluation.score(.json, predicted: #"{"a": [1, 2]}"#, expected: ""))
        XCTAssertFalse(ModelEvaluation.score(.json, predicted: #"{"a": [1, 2]"#, expected: ""))
    }

    func testToolCallsInOpenAIFormsCompareNameAndParsedArguments() {
        let expected = #"{"name": "get_weather", "arguments": "{\"city\": \"Paris\", \"days\": 2}"}"#
        let sameCall = #"{"tool_calls": [{"function": {"name": "get_weather", "arguments": {"days": 2, "city": "Paris"}}}]}"#
        let otherArgs = #"{"name": "get_weather", "arguments": {"city": "Lyon", "days": 2}}"#
        XCTAssertTrue(ModelEvaluation.score(.toolCall, predicted: sameCall, expected: expected))
        XCTAssertTrue(ModelEvaluation.score(.toolName, predicted: otherArgs, expected: expected))
        XCTAssertFalse(ModelEvaluation.score(.toolCall, predicted: otherArgs, expected: expected))
        XCTAssertFalse(ModelEvaluation.score(.toolName, predicted: "get_weather(Paris)", expected: expected))
    }
}
