import Pipeline
import XCTest

final class TimestampTests: XCTestCase {
    func testFormatsAndParsesUTC() {
        XCTAssertEqual(Timestamp.iso(milliseconds: 0), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(Timestamp.iso(milliseconds: 1_740_988_801_234), "2025-03-03T08:00:01.234Z")
        XCTAssertEqual(Timestamp.iso(milliseconds: 951_782_400_000), "2000-02-29T00:00:00.000Z")
        XCTAssertEqual(Timestamp.milliseconds(iso: "2025-03-03T08:00:01.234Z"), 1_740_988_801_234)
        XCTAssertEqual(Timestamp.milliseconds(iso: "2025-03-03"), 1_740_960_000_000)
    }

    func testNormalizesOffsetsAndFractions() {
        XCTAssertEqual(Timestamp.normalize("2025-03-03T10:00:01.5+02:00"), "2025-03-03T08:00:01.500Z")
        XCTAssertEqual(Timestamp.normalize("2023-08-12 16:39:39.123456"), "2023-08-12T16:39:39.123Z")
        XCTAssertEqual(Timestamp.normalize("2024-12-31T23:30:00-01:00"), "2025-01-01T00:30:00.000Z")
        XCTAssertNil(Timestamp.normalize("yesterday"))
        XCTAssertNil(Timestamp.normalize("2025-13-01"))
        XCTAssertNil(Timestamp.normalize("2025-03-03T08:00:00Zjunk"))
    }
}
