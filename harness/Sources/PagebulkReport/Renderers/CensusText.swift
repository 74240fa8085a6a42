import PagebulkKit

/// What the target range looked like just before each method's calls: the
/// conditions a reader needs before believing a yield or a latency.
public enum CensusText {
    /// One row per method label (and pins group), medians over its trials
    /// with a census; nil when no trial took one.
    public static func table(_ d: AllocationDocument) -> TextTable? {
        let grouped = d.summary.contains { $0.group != nil }
        var table = TextTable((grouped ? ["pins"] : []) + ["method", "calls", "in use %", "dirty", "writeback",
                                                          "pinned", "zone free / low", "refilled", "wait p50 s",
                                                          "migrated / bound"])
        var any = false
        for s in d.summary {
            let trials = d.trials(of: s)
            let censuses = trials.compactMap(\.census)
            guard !censuses.isEmpty else { continue }
            any = true
            let waits = trials.compactMap(\.refillWait)
            table.add((grouped ? [s.group ?? ""] : []) + [
                s.label, "\(censuses.count)",
                median(censuses.map { percent($0.inUse, of: $0.endPFN &- $0.startPFN) }, digits: 0),
                median(censuses.map { Double($0.dirty) }), median(censuses.map { Double($0.writeback) }),
                median(censuses.map { Double($0.pinned) }),
                median(censuses.map { ratio($0.zoneFree, $0.zoneLow) }, digits: 1),
                waits.isEmpty ? "-" : "\(waits.filter(\.reached).count)/\(waits.count)",
                waits.isEmpty ? "-" : median(waits.map { Double($0.waitedMs) / 1000 }, digits: 1),
                migrationRatio(trials, order: d.parameters.order)])
        }
        return any ? table : nil
    }

    /// Pages migrated over the census bound (`RangeCensus.cheapestClearing`),
    /// median over the trials that have both.
    static func migrationRatio(_ trials: [AllocTrial], order: UInt32) -> String {
        let ratios = trials.compactMap { t -> Double? in
            guard let bound = t.census?.cheapestClearing(pieces: t.request.count, order: order), bound > 0
            else { return nil }
            return Double(t.result.vm.pgmigrateSuccess) / Double(bound)
        }
        return ratios.isEmpty ? "-" : median(ratios, digits: 2)
    }

    static func percent(_ part: UInt64, of whole: UInt64) -> Double {
        whole == 0 ? .nan : Double(part) * 100 / Double(whole)
    }

    static func ratio(_ a: UInt64, _ b: UInt64) -> Double { b == 0 ? .nan : Double(a) / Double(b) }

    static func median(_ values: [Double], digits: Int = 0) -> String {
        Quantiles(values).map { fixed($0.median, digits) } ?? "-"
    }
}
