import Foundation
import Pipeline
import XCTest

/// Recall and precision on the Faker-labeled set (Fixtures/pii-labeled.jsonl, made by
/// scripts/pii-labeled-fixture.py with a seed the detectors were not tuned on).
final class CurationQualityTests: XCTestCase {
    func testStructuredIdentifiersMeetTheGoals() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pii-labeled.jsonl").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let examples = try DetectionQuality.load(jsonl: text, path: path)
        XCTAssertGreaterThan(examples.count, 3000)
        let scanner = PIIScanner()
        var quality = DetectionQuality()
        for e in examples { quality.add(e, found: scanner.scan(e.text)) }
        for entity in [PIIEntity.email, .phone, .creditCard, .iban, .ssn, .ipAddress] {
            let c = try XCTUnwrap(quality.counts[entity], "\(entity) in the labeled set")
            XCTAssertGreaterThanOrEqual(c.recall, 0.99, "\(entity) recall")
            XCTAssertGreaterThanOrEqual(c.precision, 0.95, "\(entity) precision")
        }
        for entity in PIIEntity.allCases where !entity.isStructured {
            let c = try XCTUnwrap(quality.counts[entity])
            XCTAssertGreaterThanOrEqual(c.recall, 0.8, "\(entity) recall")
            XCTAssertGreaterThanOrEqual(c.precision, 0.9, "\(entity) precision")
        }
    }

    func testBadFixtureLineIsReportedWithItsPosition() {
        XCTAssertThrowsError(try DetectionQuality.load(jsonl: "{\"text\": \"a\", \"entities\": []}\n{\"text\": 1}\n", path: "x.jsonl")) { e in
            XCTAssertTrue("\(e)".hasPrefix("x.jsonl:2:"), "\(e)")
        }
        XCTAssertThrowsError(try DetectionQuality.load(jsonl: #"{"text": "ab", "entities": [{"type": "email", "start": 1, "end": 9}]}"#, path: "y.jsonl"))
    }
}
