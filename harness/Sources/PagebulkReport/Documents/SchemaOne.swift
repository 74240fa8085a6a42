/// Schema 1 wrote every parameter as text. These read that text back into
/// the typed parameters, strictly: a value schema 1 never wrote is an error,
/// not a zero.
enum SchemaOne {
    typealias Text = [String: String]

    static func number<T: FixedWidthInteger>(_ p: Text, _ key: String, as _: T.Type = T.self) throws -> T {
        let text = p[key] ?? ""
        // "400 MiB", "16 pages", "30%": the number is the first word.
        let word = text.prefix { $0.isNumber }
        guard let n = T(word) else { throw DocumentError.badParameter(key, text) }
        return n
    }

    /// "none", or "2 compile jobs + buffered writes + anon churn, 30 s warm-up".
    static func workload(_ p: Text) throws -> Workload? {
        guard let text = p["load"], text != "none" else { return nil }
        let words = text.split(separator: " ")
        guard let jobs = words.first.flatMap({ Int($0) }),
              let s = words.firstIndex(of: "s"), s > 0, let warmup = Int(words[s - 1].filter(\.isNumber))
        else { throw DocumentError.badParameter("load", text) }
        return Workload(compileJobs: jobs, warmupSeconds: warmup)
    }

    /// "pins=10" -> 10.
    static func pins(group: String?) throws -> UInt64? {
        guard let group else { return nil }
        guard group.hasPrefix("pins="), let k = UInt64(group.dropFirst("pins=".count)) else {
            throw DocumentError.badParameter("group", group)
        }
        return k
    }

    static func allocation(_ p: Text, scenario: Scenario) throws -> AllocationParameters {
        var out = AllocationParameters(order: try number(p, "order"), count: try number(p, "count"),
                                       cma: p["cma"] ?? "reserved", trials: try number(p, "trials"),
                                       workload: try workload(p))
        if scenario == .pins {
            // "pins=10": "10 pins (3 of them taken pages) in 7 pageblocks"
            var held: [PinsHeld] = []
            for (key, text) in p where key.hasPrefix("pins=") {
                let numbers = text.split(separator: " ").compactMap { UInt64($0.filter(\.isNumber)) }
                guard let k = try pins(group: key), numbers.count == 3 else {
                    throw DocumentError.badParameter(key, text)
                }
                held.append(PinsHeld(pins: k, pinned: numbers[0], taken: numbers[1], pinnedBlocks: numbers[2]))
            }
            out.pins = PinsParameters(fillMiB: p["fill"] == nil ? 0 : try number(p, "fill"),
                                      held: held.sorted { $0.pins < $1.pins })
        }
        return out
    }

    static func order0(_ p: Text) throws -> Order0Parameters {
        Order0Parameters(iterations: try number(p, "iterations"), warmup: try number(p, "warmup"),
                         pageOwner: p["page_owner"] == "on")
    }

    static func fragmentation(_ p: Text) throws -> FragmentationParameters {
        FragmentationParameters(holdMiB: try number(p, "hold"), unitPages: try number(p, "unit"),
                                rounds: try number(p, "rounds"), churnPercent: try number(p, "churn"),
                                seed: try number(p, "seed"), workload: try workload(p))
    }
}
