import PagebulkKit
import PagebulkProc

/// The fragmentation scenario over many boots, one method per boot: each
/// boot's figures, each method's medians, and the difference between two
/// methods with a bootstrap interval and a permutation test.
public enum FragmentationBootsText {
    public static func render(_ boots: [(label: String, document: FragmentationDocument)]) -> String {
        let figures = boots.map { FragmentationBoot(label: $0.label, $0.document) }
        let unit = boots.first?.document.context.latencyLabel ?? "QEMU TCG"
        let methods = AllocMethod.allCases.filter { m in figures.contains { $0.method == m } }
        var text = "fragmentation: \(figures.count) boot\(figures.count == 1 ? "" : "s") ("
            + methods.map { m in "\(m.rawValue) \(figures.count { $0.method == m })" }.joined(separator: ", ")
            + "); times are \(unit) wall time\n\n"
        text += perBoot(figures, unit: unit) + "\n\n" + perMethod(figures, methods) + "\n"
        if let candidate = methods.first(where: { $0 == .compact }) {
            for base in methods where base != candidate {
                text += "\n" + difference(figures, base: base, candidate: candidate) + "\n"
            }
        }
        text += "\n" + overRounds(boots.map(\.document), methods) + "\n"
        text += "\n" + SeedFragmentation.table(boots.map(\.document), methods) + "\n"
        for m in methods {
            if let first = boots.first(where: { $0.document.driver.method == m }) {
                text += "\n" + freeByMigratetype(first.label, first.document)
            }
        }
        return text
    }

    static func perBoot(_ figures: [FragmentationBoot], unit: String) -> String {
        var t = TextTable("boot", "method", "unmovable blocks", "before", "minimum", "ratio", "excess",
                          "mixed (census)", "mixed U (page_owner)", "free before o9", "order-9 ok", "o9 first failure", "o9 median ms", "order-3 ok",
                          "o3 median us", "unusable o9", "driver ns/page")
        for f in figures {
            let minimum = f.last.map { $0.tally.minimumBlocks(for: $0.heldPages) }
            t.add(f.label, f.method.rawValue, f.last.map { "\($0.tally.unmovableBlocks)" } ?? "-",
                  f.blocksBefore.map(String.init) ?? "-", minimum.map(String.init) ?? "-",
                  f.ratio.map { fixed($0, 3) } ?? "-", f.excessBlocks.map(String.init) ?? "-",
                  f.last.map { "\($0.tally.mixedBlocks)" } ?? "-", f.pageOwnerMixedUnmovable.map(String.init) ?? "-",
                  f.order9?.zoneFreeBefore.map(String.init) ?? "-", f.order9.map { "\($0.successes)/\($0.attempts.count)" } ?? "-",
                  f.order9?.firstFailure.map(String.init) ?? "-",
                  FragmentationBoot.medianSuccessNs(f.order9).map { fixed($0 / 1e6, 2) } ?? "-",
                  f.order3.map { "\($0.successes)/\($0.attempts.count)" } ?? "-",
                  FragmentationBoot.medianSuccessNs(f.order3).map { fixed($0 / 1e3, 1) } ?? "-",
                  f.unusableOrder9.map { fixed($0, 3) } ?? "-", fixed(f.driverNsPerPage, 0))
        }
        return "per boot (ratio = unmovable blocks / minimum the driver's pages need; excess = unmovable "
            + "blocks - before - minimum; free before o9 = the zone's free pages just before the in-load order-9 "
            + "attempts; order-N ok = their GFP_KERNEL successes/attempts, "
            + "o9 first failure = the attempt that failed first; \(unit))\n"
            + t.render()
    }

    /// The per-boot values a comparison is made of, by name.
    static let measures: [(name: String, better: String, value: @Sendable (FragmentationBoot) -> Double?)] = [
        ("unmovable-block ratio", "lower", { $0.ratio }),
        ("excess blocks", "lower", { $0.excessBlocks.map(Double.init) }),
        ("mixed blocks (census)", "lower", { $0.last.map { Double($0.tally.mixedBlocks) } }),
        ("order-9 success rate", "higher", { FragmentationBoot.successRate($0.order9) }),
        ("order-9 median ms", "lower", { FragmentationBoot.medianSuccessNs($0.order9).map { $0 / 1e6 } }),
        ("order-3 median us", "lower", { FragmentationBoot.medianSuccessNs($0.order3).map { $0 / 1e3 } }),
        ("unusable index o9", "lower", { $0.unusableOrder9 }),
        ("driver ns/page", "lower", { $0.driverNsPerPage }),
    ]

    static func perMethod(_ figures: [FragmentationBoot], _ methods: [AllocMethod]) -> String {
        var t = TextTable(["per method: median [95% bootstrap]"] + methods.map(\.rawValue))
        for m in measures {
            t.add([m.name] + methods.map { method in
                let values = figures.filter { $0.method == method }.compactMap(m.value)
                guard let q = Quantiles(values) else { return "-" }
                let i = BootstrapInterval().median(q)
                return "\(fixed(q.median, 3)) [\(fixed(i.lower, 3)), \(fixed(i.upper, 3))] n=\(q.count)"
            })
        }
        return t.render()
    }

    static func difference(_ figures: [FragmentationBoot], base: AllocMethod, candidate: AllocMethod) -> String {
        var t = TextTable("\(candidate.rawValue) - \(base.rawValue)", "better", "difference", "95% bootstrap",
                          "permutation p", "n")
        for m in measures {
            let a = figures.filter { $0.method == base }.compactMap(m.value)
            let b = figures.filter { $0.method == candidate }.compactMap(m.value)
            guard let d = MedianDifference(a, b) else { continue }
            t.add(m.name, m.better, fixed(d.difference, 3), "[\(fixed(d.interval.lower, 3)), \(fixed(d.interval.upper, 3))]",
                  fixed(d.permutationP, 3), "\(d.countA)+\(d.countB)")
        }
        return "difference of medians across boots\n" + t.render()
    }

    /// Median unmovable-block ratio per method at each round: whether it levels off.
    static func overRounds(_ documents: [FragmentationDocument], _ methods: [AllocMethod]) -> String {
        let rounds = documents.map { $0.samples.count }.max() ?? 0
        guard rounds > 0 else { return "no churn samples" }
        let step = Swift.max(1, rounds / 10)
        var t = TextTable(["round"] + methods.map { "\($0.rawValue) ratio" })
        var shown = Array(stride(from: 0, to: rounds, by: step))
        if shown.last != rounds - 1 { shown.append(rounds - 1) }
        for r in shown {
            t.add(["\(r)"] + methods.map { m in
                let values = documents.filter { $0.driver.method == m }.compactMap {
                    r < $0.samples.count ? $0.samples[r].unmovableBlockRatio : nil
                }
                return Quantiles(values).map { fixed($0.median, 3) } ?? "-"
            })
        }
        return "unmovable-block ratio over the churn (median over boots; round 0 is the fill)\n" + t.render()
    }

    /// Gioh Kim's layout: free blocks per order for each migratetype.
    static func freeByMigratetype(_ label: String, _ d: FragmentationDocument) -> String {
        var t = TextTable(["when", "zone", "type"] + (0...10).map { "o\($0)" })
        for (when, snap) in [("before", Optional(d.before)), ("in load", d.during), ("after", Optional(d.after))] {
            for row in snap?.pagetypeinfo?.freeCounts ?? [] where row.counts.contains(where: { $0.value > 0 }) {
                t.add([when, row.zone, row.migratetype] + row.counts.map { ($0.capped ? ">" : "") + "\($0.value)" })
            }
        }
        return "free blocks per order and migratetype, \(d.driver.method.rawValue) boot \(label) "
            + "(pagetypeinfo; seed 003's layout)\n" + t.render() + "\n"
    }
}
