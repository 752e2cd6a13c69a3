import Foundation
import Pipeline
import XCTest

/// Gaussian blobs with known labels, seeded.
func blobs(perCluster: Int, centers: [[Float]], spread: Float, seed: UInt64) throws -> (Points, [Int]) {
    var state = seed
    func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
    func normal() -> Float { Float((-2 * log(max(uniform(), 1e-12))).squareRoot() * cos(2 * .pi * uniform())) }
    var values: [Float] = [], labels: [Int] = []
    for (c, center) in centers.enumerated() {
        for _ in 0 ..< perCluster {
            values += center.map { $0 + spread * normal() }
            labels.append(c)
        }
    }
    return (try Points(count: labels.count, dimension: centers[0].count, values: values), labels)
}

final class ClusteringMethodsTests: XCTestCase {
    let centers: [[Float]] = [[0, 0, 0, 0], [6, 0, 0, 1], [0, 6, 1, 0], [5, 5, 5, 5]]

    func testKMeansRecoversSeparatedBlobsAndIsReproducible() throws {
        let (x, truth) = try blobs(perCluster: 60, centers: centers, spread: 0.7, seed: 1)
        let a = try KMeans(k: 4, initializations: 3, seed: 9).fit(x)
        let b = try KMeans(k: 4, initializations: 3, seed: 9).fit(x)
        XCTAssertEqual(a.labels, b.labels)
        XCTAssertEqual(ClusterMetrics.adjustedRandIndex(truth, a.labels), 1, accuracy: 1e-9)
        // Inertia is the sum of squared distances to the assigned centroids.
        var inertia = 0.0
        for i in 0 ..< x.count {
            let c = a.labels[i]
            for j in 0 ..< 4 { let d = Double(x.values[i * 4 + j] - a.centroids[c * 4 + j]); inertia += d * d }
        }
        XCTAssertEqual(a.inertia, inertia, accuracy: inertia * 1e-4)
    }

    func testKMeansRejectsBadK() throws {
        let (x, _) = try blobs(perCluster: 2, centers: centers, spread: 0.1, seed: 1)
        XCTAssertThrowsError(try KMeans(k: 9).fit(x)) { XCTAssertTrue("\($0)".contains("k = 9")) }
        XCTAssertThrowsError(try KMeans(k: 0).fit(x))
    }

    func testSilhouetteMatchesScikitLearn() throws {
        // sklearn.metrics.silhouette_score on the same points: 0.8381087183952332
        let x = try Points(count: 8, dimension: 2, values: [0, 0, 0, 1, 1, 0, 5, 5, 5, 6, 6, 5, 10, 0, 10, 1])
        XCTAssertEqual(try Silhouette.score(x, labels: [0, 0, 0, 1, 1, 1, 2, 2]), 0.8381087183952332, accuracy: 1e-5)
    }

    func testAutomaticKPicksTheNumberOfBlobs() throws {
        let (x, truth) = try blobs(perCluster: 40, centers: centers, spread: 0.6, seed: 3)
        let best = try Silhouette.bestKMeans(x, range: 2 ... 8, kmeans: KMeans(k: 2, seed: 1))
        XCTAssertEqual(best.k, 4)
        XCTAssertEqual(best.scores.count, 7)
        XCTAssertGreaterThan(ClusterMetrics.adjustedRandIndex(truth, best.result.labels), 0.99)
    }

    func testHDBSCANFindsBlobsAndMarksFarPointsAsNoise() throws {
        let (blobPoints, truth) = try blobs(perCluster: 50, centers: [[0, 0], [10, 0], [0, 10]], spread: 0.5, seed: 5)
        let outliers: [Float] = [30, 30, -25, 40, 40, -30]
        let x = try Points(count: blobPoints.count + 3, dimension: 2, values: blobPoints.values + outliers)
        let labels = try HDBSCAN(minClusterSize: 10).fit(x)
        XCTAssertEqual(Set(labels.prefix(150)).count, 3)
        XCTAssertEqual(Array(labels.suffix(3)), [-1, -1, -1])
        XCTAssertGreaterThan(ClusterMetrics.adjustedRandIndex(truth, Array(labels.prefix(150))), 0.97)
    }

    func testHDBSCANOnOneBlobGivesOneCluster() throws {
        let (x, _) = try blobs(perCluster: 40, centers: [[0, 0]], spread: 1, seed: 2)
        let labels = try HDBSCAN(minClusterSize: 30).fit(x)
        XCTAssertEqual(Set(labels.filter { $0 >= 0 }).count, 1)
    }

    func testPCAFindsTheDirectionOfLargestSpread() throws {
        // Points on the line y = 2x (plus a little noise in z): PC1 carries all the spread.
        var values: [Float] = []
        for i in 0 ..< 50 { let t = Float(i) - 25; values += [t, 2 * t, Float(i % 3) * 0.01] }
        let x = try Points(count: 50, dimension: 3, values: values)
        let p = PCA.project(x, components: 2)
        let pc1 = stride(from: 0, to: p.count, by: 2).map { p[$0] }, pc2 = stride(from: 1, to: p.count, by: 2).map { p[$0] }
        // |pc1| = |t − mean t|·√5 (mean t = −0.5) and pc2 is tiny.
        XCTAssertEqual(abs(pc1[0]), 24.5 * Float(5).squareRoot(), accuracy: 1e-2)
        XCTAssertLessThan(pc2.map(abs).max()!, 0.05)
    }
}
