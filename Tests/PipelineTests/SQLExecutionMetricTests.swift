import Foundation
import Pipeline
import Std
import XCTest

/// evaluate()'s "sql" metric: execution accuracy on the demo databases.
final class SQLExecutionMetricTests: XCTestCase {
    func testQueriesAreComparedByTheirResultSets() throws {
        let dir = FileManager.default.temporaryDirectory.path + "/slm-sql-metric-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DemoDatabase.createAll(in: dir)
        let db = try SQLiteConnection(path: dir + "/shop.db", readOnly: true, create: false)
        let reference = "SELECT p.name, SUM(oi.quantity) AS units FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE p.category = 'sports' GROUP BY p.id, p.name"
        func score(_ predicted: String) -> Bool { ModelEvaluation.score(.sql, predicted: predicted, expected: reference, database: db) }
        XCTAssertTrue(score(reference))
        // Other aliases, another row order, a code fence and a semicolon: the same rows.
        XCTAssertTrue(score("```sql\nSELECT products.name, SUM(order_items.quantity) FROM products JOIN order_items ON order_items.product_id = products.id WHERE products.category = 'sports' GROUP BY products.id ORDER BY 2 DESC;\n```"))
        XCTAssertFalse(score("SELECT p.name, SUM(oi.quantity) AS units FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE p.category = 'toys' GROUP BY p.id, p.name"))
        XCTAssertFalse(score("SELECT p.name FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE p.category = 'sports' GROUP BY p.id"),
                       "a missing column changes the result set")
        XCTAssertFalse(score("SELECT name FROM no_such_table"))
        XCTAssertFalse(score("the query is SELECT"))
        XCTAssertFalse(score("DELETE FROM products"), "only read-only queries run")
        XCTAssertEqual(try db.query("SELECT COUNT(*) FROM products").first?.first?.description.isEmpty, false)
        XCTAssertFalse(ModelEvaluation.score(.sql, predicted: reference, expected: reference, database: nil), "no database, no score")
    }
}
