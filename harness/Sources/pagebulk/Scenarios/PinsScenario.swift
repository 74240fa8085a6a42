import ArgumentParser
import PagebulkKit
import PagebulkReport

/// Minchan Kim's reason for cma_alloc_bulk() (Nov 2020): one pinned page
/// must not sink a 300 MiB request. K pins spread over the CMA area, under
/// load, every method side by side; then (issue 14 part 6) K = 250 pins at
/// random and in clusters with a 480 MiB request, each call's yield against
/// the bound the pins leave, and transient pins the module drops itself
/// while the calls run.
struct PinsScenario: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pins",
        abstract: "Order-4 pieces from a CMA area holding pinned pages, under load: K = 0, 1, 10, 100 at the "
            + "centres, K = 250 at random and in clusters, and transient pins.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var scenario: ScenarioOptions
    @OptionGroup var workload: WorkloadOptions
    @OptionGroup var pieces: PieceOptions
    @OptionGroup var placement: PinsOptions
    @Option(help: "Trials of the slow baselines (one 300 MiB cma_alloc, cma_alloc per piece).")
    var baselineTrials: UInt = 2
    @Option(help: "The per-piece cma_alloc() loop stops after this many ms (it retries pinned pageblocks on every call).")
    var baselineDeadlineMs: UInt32 = 60_000
    @Option(help: "MiB of page cache written to the scratch disk before pinning, so the CMA area holds pages to pin.")
    var fillMib: UInt64 = 1000

    func run() throws {
        let result = try module.withControl { control in
            let info = try control.info()
            guard let area = info.cmaArea(named: pieces.cma) else {
                throw HarnessError.noCMAArea(pieces.cma, have: info.cmaAreas.map(\.name))
            }
            let run = PinsRun(area: area, info: info, pieces: pieces, options: placement,
                              trials: Int(clamping: scenario.trials), baselineTrials: baselineTrials,
                              baselineDeadlineMs: baselineDeadlineMs)
            let baseline = try Invariants.capture(control)
            var records: [AllocTrial] = []
            var held: [PinsHeld] = []
            try workload.during {
                // Page cache beyond what the non-CMA part of memory holds spills
                // into CMA pageblocks; written back, so it is movable at once.
                let scratch = ScratchFile(path: "/run/scratch/pins-fill")
                try scratch.fill(mib: fillMib)
                defer { scratch.remove() }
                for group in placement.groups {
                    switch group {
                    case .centres: try run.centres(control, &records, &held)
                    case .random, .clustered: try run.spread(group, control, &records, &held)
                    case .transient: try run.transient(control, &records, &held)
                    }
                }
            }
            try Invariants.capture(control).check(against: baseline)
            let parameters = AllocationParameters(
                order: pieces.order, count: pieces.count, cma: pieces.cma, trials: Int(clamping: scenario.trials),
                workload: workload.workload,
                pins: PinsParameters(fillMiB: fillMib, held: held, seed: placement.seed))
            return AllocationDocument(scenario: .pins, context: RunContextProbe.context(info), parameters: parameters,
                                      trials: records)
        }
        print(AllocationText.render(result))
        try scenario.output.write(ResultDocument.allocation(result), as: "pins.json")
    }
}

/// The groups of one pins run, on one control file.
struct PinsRun {
    var area: ModuleInfo.CMAArea
    var info: ModuleInfo
    var pieces: PieceOptions
    var options: PinsOptions
    var trials: Int
    var baselineTrials: UInt
    var baselineDeadlineMs: UInt32

    private func req(_ m: AllocMethod, _ mode: ContigMode = .default, count: UInt64) -> AllocRequest {
        AllocRequest(method: m, order: pieces.order, count: count, mode: mode, cmaArea: area.index)
    }

    /// The best-effort methods every group runs.
    private func bulk(count: UInt64) -> [AllocRequest] {
        [req(.cmaBulk, .fast, count: count), req(.cmaBulk, .normal, count: count),
         req(.cmaBulk, .hard, count: count), req(.cmaBulkTwoPass, count: count),
         req(.rangeBulk, .fast, count: count)].filter { info.supports($0.method) }
    }

    private var areaPFNs: Range<UInt64> { area.basePFN..<area.endPFN }

    /// Today's deterministic sweep: K pins at the centres of K segments.
    func centres(_ control: borrowing ControlFile, _ records: inout [AllocTrial],
                 _ held: inout [PinsHeld]) throws {
        var perPiece = req(.cmaPerChunk, count: pieces.count)
        perPiece.deadlineMs = baselineDeadlineMs
        let slow = [req(.cmaWhole, count: pieces.count), perPiece].filter { info.supports($0.method) }
        for k in options.pins {
            let pinned = k > 0 ? try control.pin(PinRequest(cmaArea: area.index, count: k, windowOrder: pieces.order))
                : PinPlacementResult(result: PinResult(pinned: 0, taken: 0, pinnedBlocks: 0), positions: [])
            let p = pinned.result
            let bound = PinBound.compute(area: areaPFNs, order: pieces.order, pinned: pinned.pinnedPFNs)
            held.append(PinsHeld(pins: k, pinned: p.pinned, taken: p.taken, pinnedBlocks: p.pinnedBlocks,
                                 placement: .centres, requested: pieces.count, pinnedWindows: p.pinnedWindows,
                                 bound: bound, pfns: pinned.pinnedPFNs))
            Progress.line("pins=\(k): \(p.pinned) pins (\(p.taken) of them taken pages) in "
                          + "\(p.pinnedBlocks) pageblocks")
            for t in 0..<trials {
                let requests = bulk(count: pieces.count) + (UInt(t) < baselineTrials ? slow : [])
                for request in requests {
                    var record = try TrialRunner.run(control, request, trial: t, pins: k)
                    record.bound = bound
                    records.append(record)
                    Progress.line("pins=\(k) trial \(t + 1) \(request.label): "
                        + "\(record.result.obtained)/\(request.count)")
                }
            }
            if k > 0 { _ = try control.pin(cmaArea: area.index, count: 0) }
        }
    }

    /// K pins at random or in clusters, held for the whole group; each
    /// call's bound from the pins and a census taken just before it.
    func spread(_ group: PinsGroup, _ control: borrowing ControlFile, _ records: inout [AllocTrial],
                _ held: inout [PinsHeld]) throws {
        let k = options.spreadPins
        let request = PinRequest(cmaArea: area.index, count: k, placement: group.placement, seed: options.seed,
                                 clusters: options.clusters, clusterBlocks: options.clusterBlocks,
                                 windowOrder: pieces.order)
        let pinned = try control.pin(request)
        defer { _ = try? control.pin(cmaArea: area.index, count: 0) }
        let p = pinned.result
        let pinBound = PinBound.compute(area: areaPFNs, order: pieces.order, pinned: pinned.pinnedPFNs)
        held.append(PinsHeld(pins: k, pinned: p.pinned, taken: p.taken, pinnedBlocks: p.pinnedBlocks,
                             group: group.rawValue, placement: group.placement, seed: options.seed,
                             hold: .untilDropped, requested: options.spreadCount, pinnedWindows: p.pinnedWindows,
                             bound: pinBound, pfns: pinned.pinnedPFNs))
        Progress.line("\(group.rawValue) K=\(k) seed \(options.seed): \(p.pinned) pins (\(p.extraReferences) extra "
                      + "references, \(p.taken) taken pages) in \(p.pinnedBlocks) pageblocks, "
                      + "\(p.pinnedWindows) order-\(pieces.order) windows; bound "
                      + "\(pinBound.map { "\($0.pieces)" } ?? "-")")
        for t in 0..<trials {
            for r in bulk(count: options.spreadCount) {
                let census = try control.census(.cmaArea(area), blockOrder: info.pageblockOrder)
                var record = try TrialRunner.run(control, r, trial: t, pins: k)
                record.pinGroup = group.rawValue
                record.pinResult = p
                record.bound = PinBound.compute(area: areaPFNs, order: pieces.order, pinned: pinned.pinnedPFNs,
                                                census: census)
                // The per-pageblock entries went into the bound; the counts stay.
                var kept = census
                kept.blocks = []
                record.census = kept
                records.append(record)
                Progress.line("\(group.rawValue) trial \(t + 1) \(r.label): \(record.result.obtained)/\(r.count), "
                              + "bound \(record.bound.map { "\($0.pieces)" } ?? "-")")
            }
        }
    }

    /// K pins at random, each dropped by the module after 10 ms - 2 s (by
    /// default): a fresh PIN before every call, the same seed for every
    /// method of a trial, the methods in an order shuffled per trial.
    func transient(_ control: borrowing ControlFile, _ records: inout [AllocTrial],
                   _ held: inout [PinsHeld]) throws {
        let k = options.transientPins
        let count = options.spreadCount
        let methods = [req(.cmaBulk, .fast, count: count), req(.cmaBulk, .normal, count: count),
                       req(.cmaBulk, .hard, count: count), req(.cmaBulkTwoPass, count: count)]
            .filter { info.supports($0.method) }
        held.append(PinsHeld(pins: k, pinned: 0, taken: 0, pinnedBlocks: 0, group: PinsGroup.transient.rawValue,
                             placement: .random, seed: options.seed, hold: options.hold, requested: count))
        let rounds = Int(clamping: options.transientTrials ?? UInt(trials))
        for t in 0..<rounds {
            let seed = options.seed &+ UInt64(t)
            var order = SplitMix64(seed: seed)
            for r in methods.shuffled(using: &order) {
                let pinned = try control.pin(PinRequest(cmaArea: area.index, count: k, placement: .random,
                                                        seed: seed, hold: options.hold, windowOrder: pieces.order))
                var record = try TrialRunner.run(control, r, trial: t, pins: k)
                // Held and expired as the call ended; placed, taken, spread as PIN said.
                let after = try control.pinQuery()
                _ = try control.pin(cmaArea: area.index, count: 0)
                var p = pinned.result
                p.held = after.held
                p.expired = after.expired
                record.pinGroup = PinsGroup.transient.rawValue
                record.pinResult = p
                record.bound = PinBound.compute(area: areaPFNs, order: pieces.order, pinned: pinned.pinnedPFNs)
                records.append(record)
                Progress.line("transient trial \(t + 1) \(r.label): \(record.result.obtained)/\(r.count) in "
                              + "\(record.result.elapsedNs / 1_000_000) ms; \(p.pinned) pins, \(p.expired) "
                              + "dropped by the end of the call")
            }
        }
    }
}
