import Pipeline
import XCTest

final class DemoWorkloadTests: XCTestCase {
    func testSmokeWrite() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slm-demo-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/calls.jsonl"
        let n = try demoAgentLogs(path: path, n: 300, seed: 7)
        XCTAssertEqual(n, 300)
        print(try String(contentsOfFile: path).split(separator: "\n").prefix(12).joined(separator: "\n"))
    }
}
