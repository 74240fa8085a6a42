import PagebulkKit

/// The per-method table printed after a scenario.
enum ResultReport {
    static func summary(_ result: ScenarioResult) -> String {
        let label = result.context.latencyLabel
        let grouped = result.summary.contains { $0.group != nil }
        var table = Table((grouped ? ["group"] : []) + ["method", "trials", "full", "worst yield", "p50 ms",
                                                        "p99 ms", "max ms", "migrated", "max skipped"])
        for s in result.summary {
            func ms(_ ns: UInt64?) -> String {
                guard let ns else { return "-" }
                let tenths = (ns + 50_000) / 100_000
                return "\(tenths / 10).\(tenths % 10)"
            }
            table.add((grouped ? [s.group ?? ""] : []) + [
                s.label, "\(s.trials)", "\(s.fullSuccess)/\(s.trials)",
                "\(s.worstYield)/\(s.requested)", ms(s.latencyNs?.p50), ms(s.latencyNs?.p99),
                ms(s.latencyNs?.max), "\(s.pagesMigrated)", "\(s.chunksSkipped)"])
        }
        return "\(result.scenario): \(result.parameters["count"] ?? "?") x order-\(result.parameters["order"] ?? "?")"
            + " on \(result.context.kernelRelease); latencies are \(label) time\n" + table.render()
    }
}

/// Progress lines go to standard error so that standard output stays the
/// report (or JSON).
enum FileHandleOutput {
    static func progress(_ line: String) {
        var text = "  .. " + line + "\n"
        text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}

#if canImport(Glibc)
import Glibc
#endif
