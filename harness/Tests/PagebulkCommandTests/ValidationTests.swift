import ArgumentParser
import Testing
@testable import pagebulk

/// Bad arguments are refused while parsing (usage text, exit 64), before
/// a command runs; runtime failures are `HarnessError`s (no usage text).
@Suite struct ValidationTests {
    func rejects(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: (any Error).self, "\(arguments) parsed", sourceLocation: sourceLocation) {
            _ = try PagebulkCommand.parseAsRoot(arguments)
        }
    }

    @Test func negativeAndNonsenseCounts() {
        rejects(["scenario", "baseline", "--trials=-1"])
        rejects(["scenario", "baseline", "--trials", "0"])
        rejects(["scenario", "highorder", "--trials=-1"])
        rejects(["scenario", "pins", "--trials=-1"])
        rejects(["scenario", "pins", "--baseline-trials=-1"])
        rejects(["scenario", "highorder", "--warmup=-5"])
        rejects(["scenario", "highorder", "--load-jobs", "0"])
        rejects(["scenario", "fragmentation", "--rounds", "0"])
        rejects(["scenario", "fragmentation", "--rounds", "100001"])
        rejects(["scenario", "fragmentation", "--order9-attempts=-1"])
        rejects(["scenario", "fragmentation", "--order3-attempts", "65537"])
        rejects(["scenario", "fragmentation", "--highalloc-delay-ms", "10001"])
        rejects(["fragmentation-report"])
        rejects(["scenario", "highorder", "--refill-percent", "101"])
        rejects(["scenario", "highorder", "--order-seed=-1"])
        rejects(["census"])
        rejects(["census", "--start", "9", "--end", "9"])
        rejects(["census", "--cma", "reserved", "--start", "1", "--end", "9"])
        rejects(["scenario", "fragmentation", "--hold-mib", "0"])
        rejects(["scenario", "fragmentation", "--method", "cma-bulk"])
        rejects(["reliability", "--module", "m.ko", "--race-seconds=-1"])
        rejects(["reliability", "--module", "m.ko", "--race-seconds", "nan"])
        rejects(["reliability", "--module", "m.ko", "--race-seconds", "inf"])
        rejects(["reliability", "--module", "m.ko", "--threads", "0"])
        rejects(["reliability", "--module", "m.ko", "--kill-trials=-1"])
        rejects(["reliability", "--module", "m.ko", "--verify-pin-kills=-1"])
        rejects(["reliability", "--module", "m.ko", "--verify-pin-kills", "65"])
        rejects(["fuzz", "--requests=-1"])
        let race = ["contig-race", "--start", "65536", "--end", "98304"]
        rejects(["contig-race", "--start", "65536"])
        rejects(["contig-race", "--end", "98304"])
        rejects(["contig-race", "--start", "98304", "--end", "65536"])
        rejects(["contig-race", "--start", "65536", "--end", "65536"])
        rejects(["contig-race", "--start", "65537", "--end", "98305"])
        rejects(["contig-race", "--start", "65536", "--end", "98000"])
        rejects(["contig-race", "--start", "65536", "--end", "67072"])
        rejects(["contig-race", "--start=-512", "--end", "2048"])
        rejects(race + ["--threads", "1"])
        rejects(race + ["--threads", "65"])
        rejects(race + ["--seconds", "0"])
        rejects(race + ["--seconds=-1"])
        rejects(race + ["--seconds", "nan"])
        rejects(race + ["--seconds", "inf"])
        rejects(race + ["--seed=-1"])
        rejects(["kunit", "--suite", ""])
    }

    @Test func theMessageNamesTheValue() {
        do {
            _ = try PagebulkCommand.parseAsRoot(["reliability", "--module", "m.ko", "--race-seconds=-1"])
            Issue.record("parsed")
        } catch {
            let message = PagebulkCommand.message(for: error)
            #expect(message.contains("--race-seconds") && message.contains("-1"), "\(message)")
            #expect(PagebulkCommand.exitCode(for: error) == .validationFailure)
        }
    }

    @Test func contigRaceMessagesNameTheValues() {
        for (arguments, words) in [(["--start", "1000", "--end", "4096"], ["512", "1000"]),
                                   (["--start", "0", "--end", "1536"], ["at least 4", "not 3"]),
                                   (["--start", "2048", "--end", "0"], ["--end", "--start"]),
                                   (["--start", "0", "--end", "2048", "--threads", "1"], ["--threads", "1"]),
                                   (["--start", "0", "--end", "2048", "--seconds", "nan"], ["--seconds", "nan"])] {
            do {
                _ = try PagebulkCommand.parseAsRoot(["contig-race"] + arguments)
                Issue.record("\(arguments) parsed")
            } catch {
                let message = PagebulkCommand.message(for: error)
                for word in words { #expect(message.contains(word), "\(message)") }
                #expect(PagebulkCommand.exitCode(for: error) == .validationFailure)
            }
        }
    }

    @Test func theDeadFreeCommandIsGone() {
        rejects(["free", "1"])
    }

    @Test func runtimeFailuresSayWhatWentWrong() {
        #expect("\(HarnessError.noCMAArea("reserved", have: []))" == "no CMA area 'reserved': boot with cma=")
        #expect("\(HarnessError.noCMAArea("big", have: ["reserved", "dma"]))" == "no CMA area 'big'; have: reserved, dma")
        #expect("\(HarnessError.commandFailed("write 1000 MiB to /run/scratch", status: 1))"
                == "could not write 1000 MiB to /run/scratch (exit status 1)")
        // Not a usage error: argument-parser exits 1 and prints no usage.
        #expect(PagebulkCommand.exitCode(for: HarnessError.noScenarioInCommon) == .failure)
        #expect(!PagebulkCommand.fullMessage(for: HarnessError.noScenarioInCommon).contains("USAGE"))
        #expect("\(HarnessError.methodNotOffered("contig-range", have: ["alloc-pages", "bulk-array"]))"
                == "the module does not offer contig-range on this kernel; it offers: alloc-pages, bulk-array")
        #expect("\(HarnessError.methodNotOffered("contig-range", have: []))"
                == "the module does not offer contig-range on this kernel; it offers: nothing")
    }

    /// `pagebulk session` reads commands from standard input.
    @Test func sessionLanguage() throws {
        let alloc = try SessionCommand.Request(verb: "alloc", ["--method", "range-bulk", "--mode", "fast",
                                                               "--order", "4", "--count", "512", "--cma", "reserved"])
        guard case let .alloc(options) = alloc else { throw HarnessError.badSessionCommand("not an alloc") }
        #expect(options.method == .rangeBulk && options.mode == .fast && options.count == 512 && options.cma == "reserved")
        guard case .free(handle: 12) = try SessionCommand.Request(verb: "free", ["12"]) else {
            throw HarnessError.badSessionCommand("not free 12")
        }
        guard case .info = try SessionCommand.Request(verb: "info", []) else {
            throw HarnessError.badSessionCommand("not info")
        }
        #expect(throws: HarnessError.badSessionCommand("verify HANDLE")) {
            try SessionCommand.Request(verb: "verify", ["x"])
        }
        #expect(throws: HarnessError.badSessionCommand("free HANDLE")) {
            try SessionCommand.Request(verb: "free", [])
        }
        #expect(throws: HarnessError.badSessionCommand("unknown command 'frob': alloc, free, verify, info, quit")) {
            try SessionCommand.Request(verb: "frob", [])
        }
        #expect(throws: (any Error).self) { try SessionCommand.Request(verb: "alloc", ["--count", "8"]) }
    }

    @Test func workloadProfileComesFromTheScriptName() throws {
        #expect(try WorkloadOptions.parse(["--load-script", "/x/scripts/guest-load-seed.sh"]).profile == "seed")
        #expect(try WorkloadOptions.parse(["--load-script", "/x/scripts/guest-load.sh"]).profile == "light")
        #expect(try WorkloadOptions.parse([]).profile == nil)
    }
}
