/// Runs `body` over `0..<count` split into at most `threads` contiguous ranges, one per
/// worker. Range bounds are multiples of `granule` (except the end) so kernels that take
/// rows in groups keep their groups whole.
func parallelRanges(_ count: Int, threads: Int, granule: Int = 4, _ body: (Range<Int>) -> Void) {
    let workers = max(1, min(threads, (count + granule - 1) / granule))
    if workers == 1 {
        body(0..<count)
        return
    }
    let granules = (count + granule - 1) / granule
    Parallel.run(chunks: workers, threads: workers) { w in
        let lo = min(count, granules * w / workers * granule)
        let hi = min(count, granules * (w + 1) / workers * granule)
        if lo < hi { body(lo..<hi) }
    }
}
