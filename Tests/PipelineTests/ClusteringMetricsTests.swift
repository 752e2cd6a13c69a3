import Pipeline
import XCTest

final class ClusteringMetricsTests: XCTestCase {
    func testARIAndNMIMatchScikitLearn() {
        // sklearn.metrics.adjusted_rand_score / normalized_mutual_info_score on these labels.
        let a = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2], b = [1, 1, 0, 0, 2, 2, 2, 2, 3, 3]
        XCTAssertEqual(ClusterMetrics.adjustedRandIndex(a, b), 0.19753086419753085, accuracy: 1e-12)
        XCTAssertEqual(ClusterMetrics.normalizedMutualInformation(a, b), 0.555960101000571, accuracy: 1e-12)
    }

    func testRenamedLabelsAgreePerfectly() {
        let a = ["x", "x", "y", "z", "z"], b = [7, 7, 3, 1, 1]
        XCTAssertEqual(ClusterMetrics.adjustedRandIndex(a, b), 1, accuracy: 1e-12)
        XCTAssertEqual(ClusterMetrics.normalizedMutualInformation(a, b), 1, accuracy: 1e-12)
    }

    func testIndependentLabelingsScoreNearZero() {
        let a = (0 ..< 400).map { $0 % 4 }, b = (0 ..< 400).map { ($0 / 4) % 5 }
        XCTAssertEqual(ClusterMetrics.adjustedRandIndex(a, b), 0, accuracy: 0.02)
        XCTAssertEqual(ClusterMetrics.normalizedMutualInformation(a, b), 0, accuracy: 0.02)
    }
}
